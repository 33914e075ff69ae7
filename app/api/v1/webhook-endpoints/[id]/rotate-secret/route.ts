import { apiPreflight, defineApiRoute } from "@/lib/api/api-route";
import { rotateSecretBody } from "@/lib/api/v1/schemas";
import { rotateEndpointSecret } from "@/lib/webhooks/endpoints";

export const POST = defineApiRoute({
  permission: "webhooks:manage",
  body: rotateSecretBody,
  bodyLimitBytes: 1024,
  handler: ({ api, params, body }) => rotateEndpointSecret(api, params.id, body.grace_period_hours),
});

export const OPTIONS = apiPreflight;
