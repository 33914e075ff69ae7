import { apiPreflight, defineApiRoute } from "@/lib/api/api-route";
import { recordingLink } from "@/lib/calls/recording-link";

export const GET = defineApiRoute({
  permission: "calls:read",
  handler: ({ api, params }) => recordingLink(api, params.id, { absolute: true }),
});

export const OPTIONS = apiPreflight;
