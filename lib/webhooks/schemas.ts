import { z } from "zod";
import { WEBHOOK_EVENT_TYPES } from "./event-types";
import { SIGNATURE_SCHEMES } from "./scheme-names";
import { DEFAULT_RATE_LIMIT_PER_SECOND, MAX_RATE_LIMIT_PER_SECOND } from "./rate-limit-bounds";

/** The webhook-endpoints API's request and response schemas: they validate and they document (lib/api/openapi.ts). */

export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);

export const signatureSchemeSchema = z
  .enum(SIGNATURE_SCHEMES)
  .describe(
    "How deliveries are signed: `switchboard` (default; `X-Switchboard-Signature: t=…,v1=…`), `standard` (Standard Webhooks 1.0: `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,…` HMAC-SHA256) or `standard-ed25519` (the same headers, `v1a,…` Ed25519 with the workspace's key pair; public keys at `signing_keys_url`)",
  )
  .meta({ id: "WebhookSignatureScheme" });

export const webhookEndpointSchema = z
  .object({
    id: z.string().uuid(),
    url: z.string(),
    events: z.array(webhookEventTypeSchema),
    enabled: z.boolean(),
    description: z.string().nullable(),
    created_at: z.string().datetime(),
    failing_since: z.string().datetime().nullable().describe("When deliveries started failing; null while they succeed"),
    signature_scheme: signatureSchemeSchema,
    signing_keys_url: z.string().url().nullable().describe("`standard-ed25519` only: the workspace's public keys as a JWKS (public, cacheable 5 minutes); null for the HMAC schemes"),
    disabled_reason: z.enum(["gone", "failing"]).nullable().describe("Why Switchboard disabled it: `gone` (the receiver answered 410), `failing` (5 days of failed deliveries); null otherwise"),
    disabled_at: z.string().datetime().nullable().describe("When Switchboard disabled it; cleared by enabling it"),
    rate_limit_per_second: z.number().int().describe("At most this many deliveries a second; more wait for the next second"),
  })
  .meta({ id: "WebhookEndpoint" });

export const createdWebhookEndpointSchema = webhookEndpointSchema
  .extend({
    secret: z.string().describe("whsec_…: shown only in this response. The `switchboard` scheme's HMAC key, used as is (Stripe's SDK takes it too)"),
    standard_secret: z.string().describe("The same secret as Standard Webhooks libraries (standardwebhooks, svix) take it: `whsec_` + the 32 key bytes in standard padded base64. Shown only in this response"),
  })
  .meta({ id: "CreatedWebhookEndpoint" });

export const webhookEndpointList = z.object({ data: z.array(webhookEndpointSchema), next_cursor: z.string().nullable() }).meta({ id: "WebhookEndpointList" });

const endpointUrl = z.string().min(8).max(2048).describe("https URL (http only for local development); checked against private and internal addresses");
const endpointEvents = z.array(webhookEventTypeSchema).min(1).max(WEBHOOK_EVENT_TYPES.length);
const rateLimit = z
  .number()
  .int()
  .min(1)
  .max(MAX_RATE_LIMIT_PER_SECOND)
  .describe(`Deliveries per second at most (1–${MAX_RATE_LIMIT_PER_SECOND}, default ${DEFAULT_RATE_LIMIT_PER_SECOND}); over it deliveries wait, they do not fail`);

export const createWebhookEndpointBody = z
  .strictObject({ url: endpointUrl, events: endpointEvents, description: z.string().max(500).optional(), enabled: z.boolean().optional(), rate_limit_per_second: rateLimit.optional(), signature_scheme: signatureSchemeSchema.optional() })
  .meta({ id: "CreateWebhookEndpoint" });

export const updateWebhookEndpointBody = z
  .strictObject({
    url: endpointUrl.optional(),
    events: endpointEvents.optional(),
    description: z.string().max(500).nullable().optional(),
    enabled: z.boolean().optional().describe("`true` re-enables an endpoint Switchboard disabled, and clears its failing state"),
    rate_limit_per_second: rateLimit.optional(),
    signature_scheme: signatureSchemeSchema.optional(),
  })
  .meta({ id: "UpdateWebhookEndpoint" });

export const rotateSecretBody = z
  .strictObject({ grace_period_hours: z.number().int().min(0).max(72).default(24).describe("Hours the previous secret keeps signing (0–72, default 24)") })
  .meta({ id: "RotateWebhookSecret" });

export const rotatedSecretSchema = z
  .object({ secret: z.string(), standard_secret: z.string().describe("The new secret in Standard Webhooks form (whsec_ + standard base64)"), previous_secret_expires_at: z.string().datetime().nullable() })
  .meta({ id: "RotatedWebhookSecret" });

export const webhookEndpointPath = z.object({ id: z.string().uuid().describe("Webhook endpoint id") });

export const ed25519JwkSchema = z
  .object({ kty: z.literal("OKP"), crv: z.literal("Ed25519"), x: z.string().describe("The 32-byte public key, base64url"), kid: z.string().describe("RFC 7638 thumbprint"), use: z.literal("sig"), alg: z.literal("EdDSA") })
  .meta({ id: "WebhookSigningKey" });

export const webhookSigningKeysSchema = z
  .object({
    signing_keys_url: z.string().url().describe("The same keys as a public JWKS, for receivers"),
    keys: z.array(ed25519JwkSchema).describe("The keys that sign now, newest first: two during a rotation's grace window"),
    previous_key_expires_at: z.string().datetime().nullable().describe("When the previous key stops signing and leaves the JWKS; null outside a grace window"),
  })
  .meta({ id: "WebhookSigningKeys" });

export const rotateSigningKeyBody = z
  .strictObject({ grace_period_hours: z.number().int().min(0).max(72).default(24).describe("Hours the previous key keeps signing, second (0–72, default 24)") })
  .meta({ id: "RotateWebhookSigningKey" });

export const recoverBody = z
  .strictObject({ since: z.string().datetime({ offset: true }).describe("ISO 8601 time: deliveries that failed since then (at most 30 days back) are sent again") })
  .meta({ id: "RecoverWebhookDeliveries" });

export const webhookRecoverySchema = z
  .object({
    id: z.string().uuid(),
    endpoint_id: z.string().uuid(),
    status: z.enum(["queued", "running", "completed"]),
    since: z.string().datetime(),
    total: z.number().int().describe("Events to send again, counted when the job starts (0 while queued)"),
    done: z.number().int().describe("Of them, queued for delivery so far"),
    created_at: z.string().datetime(),
    completed_at: z.string().datetime().nullable(),
  })
  .meta({ id: "WebhookRecovery" });

export const webhookRecoveryPath = z.object({ id: z.string().uuid().describe("Webhook endpoint id"), recovery_id: z.string().uuid().describe("Recovery id") });
