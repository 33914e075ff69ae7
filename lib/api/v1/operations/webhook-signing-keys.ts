import "server-only";
import { apiRoute } from "../../../entry/api-route";
import { rotateSigningKeyBody, webhookSigningKeysSchema } from "../../../webhooks/schemas";
import { rotateWorkspaceSigningKey, workspaceSigningKeys } from "../../../webhooks/signing-keys";

export const getWebhookSigningKeysRoute = apiRoute({
  method: "GET",
  path: "/webhook-signing-keys",
  operationId: "getWebhookSigningKeys",
  summary: "The workspace's webhook signing keys",
  description:
    "Scope `webhooks:manage`. The Ed25519 public keys that sign `standard-ed25519` deliveries (`v1a,…`), newest first, and the public JWKS URL receivers fetch them from. The first key is created on first use. Private keys never leave the key provider's envelope.",
  permission: "webhooks:manage",
  response: { status: 200, description: "The public keys", schema: webhookSigningKeysSchema },
  handler: ({ api }) => workspaceSigningKeys(api),
});

export const rotateWebhookSigningKeyRoute = apiRoute({
  method: "POST",
  path: "/webhook-signing-keys/rotate",
  operationId: "rotateWebhookSigningKey",
  summary: "Rotate the workspace's webhook signing key",
  description:
    "Scope `webhooks:manage`. A new Ed25519 key pair signs first from now and is published at once; for `grace_period_hours` (0–72, default 24) deliveries also carry the previous key's `v1a,` signature, second, and the JWKS lists both. Audited.",
  permission: "webhooks:manage",
  body: rotateSigningKeyBody,
  bodyLimitBytes: 1024,
  response: { status: 200, description: "The keys after the rotation", schema: webhookSigningKeysSchema },
  errors: ["PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"],
  handler: ({ api, body }) => rotateWorkspaceSigningKey(api, body.grace_period_hours),
});
