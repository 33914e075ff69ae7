import { apiPreflight, defineApiRoute } from "@/lib/api/api-route";
import { getCall } from "@/lib/calls/query";

export const GET = defineApiRoute({
  permission: "calls:read",
  handler: ({ api, params }) => getCall(api, params.id),
});

export const OPTIONS = apiPreflight;
