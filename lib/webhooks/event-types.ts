/** The event types of SPEC §4; endpoints subscribe to a subset. */
export const WEBHOOK_EVENT_TYPES = [
  "call.completed",
  "call.failed",
  "knowledge_base.document.ready",
  "knowledge_base.document.rejected",
  "billing.topup.succeeded",
  /** An endpoint disabled by the worker (410 Gone, 5 days of failure), sent to the workspace's other endpoints. */
  "webhook_endpoint.disabled",
  "webhook.test",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
