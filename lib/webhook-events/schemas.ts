import { z } from "zod";
import { callSchema } from "../calls/schemas";
import { CALL_STATUSES } from "../calls/kinds";
import { knowledgeDocumentSchema } from "../knowledge/schemas";
import { UPLOAD_REJECTION_REASONS } from "../uploads/errors";
import type { WebhookEventType } from "../webhooks/event-types";

/**
 * One zod schema per event type: what `emitEvent` writes as the body (SPEC §4:
 * `{"id","type","created","livemode","data":{"object":…}}`). The event catalogue page and the
 * OpenAPI document's `webhooks` section are generated from these, and
 * test/integration/webhook-event-catalogue.test.ts runs the real emitters and parses what they
 * wrote with them — strict objects, so a field added to a payload without its schema fails.
 * The objects reuse the API's own schemas (a call, a document), so they cannot drift apart.
 */

// A payload's call never carries the full caller number, whatever the masking setting (outbox.ts).
const { caller_number: _never, ...callFields } = callSchema.shape;
const callObject = (status: z.ZodType) => z.strictObject({ ...callFields, status });

const topupFields = {
  ledger_entry_id: z.string().uuid(),
  amount: z.number().int().positive().describe("In the currency's minor unit (cents)"),
  currency: z.string().length(3).describe("ISO 4217, lower case"),
};

/** `data.object` of each event type. */
export const EVENT_OBJECTS = {
  "call.completed": callObject(z.literal("completed")).describe("The call, as `GET /calls/{id}` answers it, masked"),
  "call.failed": callObject(z.enum(CALL_STATUSES.filter((s) => s !== "completed") as ["failed", "no_answer", "busy"])).describe(
    "The call, as `GET /calls/{id}` answers it, masked: any ending but completed",
  ),
  "knowledge_base.document.ready": z.strictObject({ ...knowledgeDocumentSchema.shape, status: z.literal("ready") }).describe("The stored document"),
  "knowledge_base.document.rejected": z
    .strictObject({
      name: z.string().nullable().describe("The sanitised file name; null when the file was refused before it was named"),
      reason: z.enum(UPLOAD_REJECTION_REASONS),
      message: z.string().describe("Safe to show to the uploader"),
      size_bytes: z.number().int().nonnegative(),
      source: z.enum(["upload", "url"]),
    })
    .describe("A refused file: nothing was stored"),
  "billing.topup.succeeded": z
    .union([
      z.strictObject({ ...topupFields, stripe_event_id: z.string().describe("The Stripe event that paid it") }),
      z.strictObject({ ...topupFields, test: z.literal(true).describe("A test-mode top-up: no money moved") }),
    ])
    .describe("The ledger entry of a top-up"),
  "webhook_endpoint.disabled": z
    .strictObject({
      id: z.string().uuid().describe("The endpoint that was disabled (not the one receiving this event)"),
      url: z.string(),
      enabled: z.literal(false),
      disabled_reason: z.enum(["gone", "failing"]).describe("`gone`: it answered 410 Gone; `failing`: every delivery to it failed for 5 days"),
      disabled_at: z.string().datetime(),
      failing_since: z.string().datetime().nullable(),
    })
    .describe("Another endpoint of the workspace was disabled automatically"),
  "webhook.test": z
    .strictObject({ endpoint_id: z.string().uuid(), message: z.string() })
    .describe("Sent by \"Send test event\" to one endpoint, subscribed or not"),
} as const satisfies Record<WebhookEventType, z.ZodType>;

export const EVENT_SUMMARIES: Record<WebhookEventType, string> = {
  "call.completed": "A call ended normally.",
  "call.failed": "A call ended without completing: failed, not answered or busy.",
  "knowledge_base.document.ready": "A knowledge-base document was stored and is ready for the agent.",
  "knowledge_base.document.rejected": "A knowledge-base upload or import was refused (type, size, macros, a virus…).",
  "billing.topup.succeeded": "Credit was added to the workspace's balance.",
  "webhook_endpoint.disabled": "One of the workspace's endpoints was disabled: it answered 410 Gone, or failed for 5 days.",
  "webhook.test": "A test event, sent from the dashboard or the API to one endpoint.",
};

/** `call.completed` → `CallCompletedEvent`: the payload's name among the OpenAPI document's schemas. */
export const eventSchemaId = (type: WebhookEventType) =>
  `${type
    .split(/[._]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("")}Event`;

function payloadSchema<T extends WebhookEventType>(type: T) {
  return z
    .strictObject({
      id: z.string().regex(/^evt_[A-Za-z0-9]{24}$/).describe("Unique per event: deduplicate on it (delivery is at-least-once)"),
      type: z.literal(type),
      created: z.number().int().nonnegative().describe("Unix seconds"),
      livemode: z.boolean().describe("false for test-mode events"),
      data: z.strictObject({ object: EVENT_OBJECTS[type] }),
    })
    .meta({ id: eventSchemaId(type), description: EVENT_SUMMARIES[type] });
}

/** The whole body of each event type, as delivered and signed (built once: their ids are registered). */
export const EVENT_PAYLOADS = Object.fromEntries(
  (Object.keys(EVENT_OBJECTS) as WebhookEventType[]).map((type) => [type, payloadSchema(type)]),
) as { [T in WebhookEventType]: ReturnType<typeof payloadSchema<T>> };

/** A payload's JSON Schema (draft 2020-12), whole: the root's own id is unfolded, so there are no references. */
export function eventJsonSchema(type: WebhookEventType): Record<string, unknown> {
  const { $defs, $ref: _root, ...head } = z.toJSONSchema(EVENT_PAYLOADS[type], { target: "draft-2020-12", io: "output" }) as Record<string, unknown> & { $defs?: Record<string, object> };
  return { ...head, ...$defs?.[eventSchemaId(type)] };
}
