import { apiPreflight, defineApiRoute } from "@/lib/api/api-route";
import { recordingLink } from "@/lib/calls/recording-link";
import { viewerFromApiKey } from "@/lib/calls/viewer";

export const GET = defineApiRoute({
  permission: "calls:read",
  handler: ({ api, params }) => recordingLink(viewerFromApiKey(api), params.id, { absolute: true }),
});

export const OPTIONS = apiPreflight;
