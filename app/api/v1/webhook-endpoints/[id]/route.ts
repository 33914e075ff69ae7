import { apiPreflight, defineApiRoute } from "@/lib/api/api-route";
import { updateWebhookEndpointBody } from "@/lib/api/v1/schemas";
import { deleteEndpoint, getEndpoint, updateEndpoint } from "@/lib/webhooks/endpoints";

export const GET = defineApiRoute({
  permission: "webhooks:manage",
  handler: ({ api, params }) => getEndpoint(api, params.id),
});

export const PATCH = defineApiRoute({
  permission: "webhooks:manage",
  body: updateWebhookEndpointBody,
  bodyLimitBytes: 8 * 1024,
  handler: ({ api, params, body }) => updateEndpoint(api, params.id, body),
});

export const DELETE = defineApiRoute({
  permission: "webhooks:manage",
  handler: async ({ api, params }) => {
    await deleteEndpoint(api, params.id);
    return new Response(null, { status: 204 });
  },
});

export const OPTIONS = apiPreflight;
