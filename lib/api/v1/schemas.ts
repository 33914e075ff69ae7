import { z } from "zod";
import { CALL_DIRECTIONS, CALL_STATUSES } from "../../calls/kinds";
import { WEBHOOK_EVENT_TYPES } from "../../webhooks/event-types";
import { cursorSchema, limitSchema } from "./pagination";

/** Request and response schemas of /api/v1: they validate and they document (openapi.ts). */

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      request_id: z.string(),
      details: z.array(z.object({ field: z.string().optional(), issue: z.string() })).optional(),
    }),
  })
  .meta({ id: "Error" });

export const listQuery = z.strictObject({ limit: limitSchema, cursor: cursorSchema });

export const phoneNumberSchema = z
  .object({
    id: z.string().uuid(),
    number: z.string().describe("E.164, e.g. +2348035550789"),
    label: z.string().nullable(),
    mode: z.enum(["live", "test"]),
    created_at: z.string().datetime(),
  })
  .meta({ id: "PhoneNumber" });

export const phoneNumberPath = z.object({ id: z.string().uuid().describe("Phone number id") });

export const phoneNumberList = z.object({ data: z.array(phoneNumberSchema), next_cursor: z.string().nullable() }).meta({ id: "PhoneNumberList" });

export const createPhoneNumberBody = z
  .strictObject({
    number: z.string().min(3).max(32).describe("E.164: + then country code and number"),
    label: z.string().max(80).optional(),
  })
  .meta({ id: "CreatePhoneNumber" });

export const auditQuery = z.strictObject({
  limit: limitSchema,
  cursor: cursorSchema,
  action: z.string().max(64).optional().describe("Exact action name, e.g. api_key.created"),
  actor_type: z.enum(["user", "api_key", "system", "staff"]).optional(),
  target_type: z.string().max(32).optional(),
  from: z.iso.datetime({ offset: true }).optional().describe("ISO 8601, inclusive"),
  to: z.iso.datetime({ offset: true }).optional().describe("ISO 8601, exclusive"),
});

export const auditLogSchema = z
  .object({
    id: z.string(),
    occurred_at: z.string().datetime(),
    actor: z.object({ type: z.string(), id: z.string().nullable(), label: z.string().nullable() }),
    action: z.string(),
    target: z.object({ type: z.string().nullable(), id: z.string().nullable(), label: z.string().nullable() }),
    changes: z.unknown().nullable(),
    ip: z.string().nullable(),
    request_id: z.string().nullable(),
  })
  .meta({ id: "AuditLog" });

export const auditLogList = z.object({ data: z.array(auditLogSchema), next_cursor: z.string().nullable() }).meta({ id: "AuditLogList" });

export { CALL_DIRECTIONS, CALL_STATUSES } from "../../calls/kinds";
export const CALL_SORTS = ["-started_at", "started_at", "-duration_seconds", "duration_seconds"] as const;

export const callsQuery = z.strictObject({
  limit: limitSchema,
  cursor: cursorSchema,
  from: z.iso.datetime({ offset: true }).optional().describe("Started at or after (ISO 8601)"),
  to: z.iso.datetime({ offset: true }).optional().describe("Started before (ISO 8601)"),
  direction: z.enum(CALL_DIRECTIONS).optional(),
  status: z.enum(CALL_STATUSES).optional(),
  caller: z
    .string()
    .min(3)
    .max(32)
    .optional()
    .describe("The caller's full number in E.164. Matched by its keyed hash, never as text: exact matches only."),
  sort: z.enum(CALL_SORTS).default("-started_at").describe("Sort key; a leading - sorts descending. Default -started_at."),
});

export type CallsQuery = z.infer<typeof callsQuery>;

export const callSchema = z
  .object({
    id: z.string().uuid(),
    direction: z.enum(CALL_DIRECTIONS),
    caller_display: z.string().describe("Country code and last three digits, e.g. +234 *** *** 789"),
    caller_number: z
      .string()
      .optional()
      .describe("The full number: present only when the workspace has masking off and the key has calls:read_unmasked"),
    to_number: z.string().describe("The workspace's number, E.164"),
    started_at: z.string().datetime(),
    ended_at: z.string().datetime().nullable(),
    duration_seconds: z.number().int(),
    status: z.enum(CALL_STATUSES),
    mode: z.enum(["live", "test"]),
    has_transcript: z.boolean(),
    has_recording: z.boolean(),
  })
  .meta({ id: "Call" });

export const callDetailSchema = callSchema
  .extend({ transcript: z.string().nullable().describe("Decrypted transcript, when there is one") })
  .meta({ id: "CallDetail" });

export const callList = z.object({ data: z.array(callSchema), next_cursor: z.string().nullable() }).meta({ id: "CallList" });

export const callPath = z.object({ id: z.string().uuid().describe("Call id") });

export const recordingUrlSchema = z
  .object({ url: z.string().describe("Signed URL of the recording, valid 60 seconds"), expires_at: z.string().datetime() })
  .meta({ id: "RecordingUrl" });

export const createTestCallBody = z
  .strictObject({
    caller: z.string().min(3).max(32).optional().describe("The simulated caller, E.164 (default: a random valid number)"),
    to: z.string().min(3).max(32).optional().describe("One of the workspace's numbers of this mode, E.164 (default: the newest)"),
    direction: z.enum(CALL_DIRECTIONS).default("inbound"),
    status: z.enum(CALL_STATUSES).default("completed"),
    duration_seconds: z.number().int().min(0).max(3600).optional().describe("Default: a plausible length for the status"),
    transcript: z.string().max(8000).optional().describe("Default: a generated conversation"),
  })
  .meta({ id: "CreateTestCall" });

export type CreateTestCallInput = z.infer<typeof createTestCallBody>;

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

export const knowledgeDocumentSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string().describe("The sanitised file name (display only; storage uses the id)"),
    type: z.enum(["pdf", "docx", "text", "markdown", "csv"]).describe("Decided by the file's bytes, not its name"),
    mime_type: z.string(),
    size_bytes: z.number().int(),
    sha256: z.string(),
    source: z.enum(["upload", "url"]),
    source_url: z.string().nullable(),
    status: z.enum(["ready", "quarantined"]),
    scan_status: z.enum(["clean", "infected", "not_scanned"]).describe("`not_scanned` when no virus scanner is configured"),
    text_characters: z.number().int(),
    created_at: z.string().datetime(),
  })
  .meta({ id: "KnowledgeDocument" });

export const uploadDocumentBody = z
  .object({ file: z.string().meta({ format: "binary" }).describe("The file: PDF, DOCX, text, Markdown or CSV") })
  .meta({ id: "KnowledgeDocumentUpload" });

export const importDocumentBody = z
  .strictObject({ url: z.string().trim().min(1).max(2048).describe("http(s) URL of the file; redirects are not followed") })
  .meta({ id: "KnowledgeDocumentImport" });
