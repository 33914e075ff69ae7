import { z } from "zod";
import { WEBHOOK_EVENT_TYPES } from "./event-types";

/** The webhook-endpoints API's request and response schemas: they validate and they document (lib/api/openapi.ts). */

export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);

export const webhookEndpointSchema = z
  .object({
    id: z.string().uuid(),
    url: z.string(),
    events: z.array(webhookEventTypeSchema),
    enabled: z.boolean(),
    description: z.string().nullable(),
    created_at: z.string().datetime(),
    failing_since: z.string().datetime().nullable().describe("When deliveries started failing; null while they succeed"),
  })
  .meta({ id: "WebhookEndpoint" });

export const createdWebhookEndpointSchema = webhookEndpointSchema
  .extend({ secret: z.string().describe("whsec_…: shown only in this response") })
  .meta({ id: "CreatedWebhookEndpoint" });

export const webhookEndpointList = z.object({ data: z.array(webhookEndpointSchema), next_cursor: z.string().nullable() }).meta({ id: "WebhookEndpointList" });

const endpointUrl = z.string().min(8).max(2048).describe("https URL (http only for local development); checked against private and internal addresses");
const endpointEvents = z.array(webhookEventTypeSchema).min(1).max(WEBHOOK_EVENT_TYPES.length);

export const createWebhookEndpointBody = z
  .strictObject({ url: endpointUrl, events: endpointEvents, description: z.string().max(500).optional(), enabled: z.boolean().optional() })
  .meta({ id: "CreateWebhookEndpoint" });

export const updateWebhookEndpointBody = z
  .strictObject({ url: endpointUrl.optional(), events: endpointEvents.optional(), description: z.string().max(500).nullable().optional(), enabled: z.boolean().optional() })
  .meta({ id: "UpdateWebhookEndpoint" });

export const rotateSecretBody = z
  .strictObject({ grace_period_hours: z.number().int().min(0).max(72).default(24).describe("Hours the previous secret keeps signing (0–72, default 24)") })
  .meta({ id: "RotateWebhookSecret" });

export const rotatedSecretSchema = z
  .object({ secret: z.string(), previous_secret_expires_at: z.string().datetime().nullable() })
  .meta({ id: "RotatedWebhookSecret" });

export const webhookEndpointPath = z.object({ id: z.string().uuid().describe("Webhook endpoint id") });
