import { apiPreflight, defineApiRoute } from "@/lib/api/api-route";
import { callsQuery } from "@/lib/api/v1/schemas";
import { listCalls } from "@/lib/calls/query";

export const GET = defineApiRoute({
  permission: "calls:read",
  query: callsQuery,
  handler: ({ api, query }) => listCalls(api, query),
});

export const OPTIONS = apiPreflight;
