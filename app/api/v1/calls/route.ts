import { apiPreflight, defineApiRoute } from "@/lib/api/api-route";
import { callsQuery } from "@/lib/api/v1/schemas";
import { listCalls } from "@/lib/calls/query";
import { viewerFromApiKey } from "@/lib/calls/viewer";

export const GET = defineApiRoute({
  permission: "calls:read",
  query: callsQuery,
  handler: ({ api, query }) => listCalls(viewerFromApiKey(api), query),
});

export const OPTIONS = apiPreflight;
