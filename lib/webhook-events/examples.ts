import type { WebhookEventType } from "../webhooks/event-types";

/**
 * One example body per event type, for the catalogue page and the OpenAPI document.
 * test/unit/webhook-event-schemas.test.ts parses each with its type's schema, so an example
 * cannot drift from what the schema (and so the emitter) says.
 */
const CREATED = 1_796_371_200; // 2026-12-04T08:00:00Z

const envelope = (type: WebhookEventType, id: string, object: Record<string, unknown>, livemode = true) => ({
  id,
  type,
  created: CREATED,
  livemode,
  data: { object },
});

const call = {
  id: "5b0e2c9a-8f0f-4d6e-9a51-2f7c1c9e4a10",
  direction: "inbound",
  caller_display: "+234 *** *** 789",
  to_number: "+2348035550199",
  started_at: "2026-12-04T07:55:12.000Z",
  ended_at: "2026-12-04T07:59:40.000Z",
  duration_seconds: 268,
  mode: "live",
  channel: "phone",
  has_transcript: true,
  has_recording: true,
};

export const EVENT_EXAMPLES: Record<WebhookEventType, Record<string, unknown>> = {
  "call.completed": envelope("call.completed", "evt_4Xq9LmT2bV8nR1cZpK7sW3dF", { ...call, status: "completed" }),
  "call.failed": envelope("call.failed", "evt_9aB3cD5eF7gH1jK2lM4nP6qR", { ...call, status: "no_answer", ended_at: "2026-12-04T07:55:42.000Z", duration_seconds: 0, has_transcript: false, has_recording: false }),
  "knowledge_base.document.ready": envelope("knowledge_base.document.ready", "evt_2sT4uV6wX8yZ0aB1cD3eF5gH", {
    id: "0f6c1d2e-3b4a-4c5d-8e9f-a0b1c2d3e4f5",
    name: "returns-policy.pdf",
    type: "pdf",
    mime_type: "application/pdf",
    size_bytes: 184_233,
    sha256: "9f2b5c1e0d4a7b3c6e8f1a2d5b9c0e3f7a4d6b8c1e2f5a9d0b3c7e6f4a1d2b5c",
    source: "upload",
    source_url: null,
    status: "ready",
    scan_status: "clean",
    text_characters: 12_840,
    created_at: "2026-12-04T07:58:03.000Z",
  }),
  "knowledge_base.document.rejected": envelope("knowledge_base.document.rejected", "evt_7hJ9kL1mN3pQ5rS7tU9vW1xY", {
    name: "pricing.docm",
    reason: "macros",
    message: "“pricing.docm” contains macros, which are not accepted. Save it as a plain .docx and upload it again.",
    size_bytes: 52_114,
    source: "upload",
  }),
  "billing.topup.succeeded": envelope("billing.topup.succeeded", "evt_3zA5bC7dE9fG1hI3jK5lM7nO", {
    ledger_entry_id: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
    amount: 5000,
    currency: "usd",
    stripe_event_id: "evt_1QxYz2AbCdEfGhIjKlMnOpQr",
  }),
  "webhook_endpoint.disabled": envelope("webhook_endpoint.disabled", "evt_6pQ8rS0tU2vW4xY6zA8bC0dE", {
    id: "3d594650-3436-4b1e-8f6a-7c2e1b0a9f8d",
    url: "https://hooks.example.com/switchboard",
    enabled: false,
    disabled_reason: "failing",
    disabled_at: "2026-12-04T08:00:00.000Z",
    failing_since: "2026-11-29T07:41:19.000Z",
  }),
  "webhook.test": envelope("webhook.test", "evt_1aS3dF5gH7jK9lZ1xC3vB5nM", { endpoint_id: "3d594650-3436-4b1e-8f6a-7c2e1b0a9f8d", message: "A test event from Switchboard." }, false),
};
