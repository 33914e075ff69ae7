import { apiPreflight, defineApiRoute } from "@/lib/api/api-route";
import { getCall } from "@/lib/calls/query";
import { viewerFromApiKey } from "@/lib/calls/viewer";

export const GET = defineApiRoute({
  permission: "calls:read",
  handler: ({ api, params }) => getCall(viewerFromApiKey(api), params.id),
});

export const OPTIONS = apiPreflight;
