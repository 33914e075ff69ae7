import type { ZodOpenApiObject } from "zod-openapi";
import { z } from "zod";
import { EVENT_EXAMPLES } from "../webhook-events/examples";
import { EVENT_PAYLOADS, EVENT_SUMMARIES } from "../webhook-events/schemas";
import { WEBHOOK_EVENT_TYPES } from "../webhooks/event-types";

/**
 * The OpenAPI 3.1 `webhooks` section (issue 20 item 6): one entry per event type, a `post`
 * whose body is the event's payload schema (lib/webhook-events/schemas.ts, the one the tests
 * hold the emitters to) with its example, and the headers each signature scheme sends.
 */
const deliveryHeaders = z.object({
  "X-Switchboard-Event-Type": z.string().describe("The event type, every scheme"),
  "X-Switchboard-Signature": z
    .string()
    .optional()
    .describe("Scheme `switchboard`: `t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\">`, a second `v1=` during a rotation's grace window"),
  "X-Switchboard-Event-Id": z.string().optional().describe("Scheme `switchboard`: the event id, `evt_…`"),
  "webhook-id": z.string().optional().describe("Schemes `standard` and `standard-ed25519` (Standard Webhooks 1.0): the event id"),
  "webhook-timestamp": z.string().optional().describe("Schemes `standard` and `standard-ed25519`: unix seconds"),
  "webhook-signature": z
    .string()
    .optional()
    .describe("`standard`: `v1,<base64 HMAC-SHA256>`; `standard-ed25519`: `v1a,<base64 Ed25519>` over `<id>.<timestamp>.<body>`; space-separated during rotation"),
});

const DESCRIPTION =
  "Delivered as a signed POST to each enabled endpoint subscribed to the type: at least once (deduplicate on `id`), retried with backoff on anything but a 2xx, redirects not followed, 30 s timeout. Reject signatures older than 5 minutes.";

export function webhooksSection(): NonNullable<ZodOpenApiObject["webhooks"]> {
  return Object.fromEntries(
    WEBHOOK_EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          operationId: `webhook:${type}`,
          summary: EVENT_SUMMARIES[type],
          description: DESCRIPTION,
          security: [],
          requestParams: { header: deliveryHeaders },
          requestBody: { required: true, content: { "application/json": { schema: EVENT_PAYLOADS[type], example: EVENT_EXAMPLES[type] } } },
          responses: {
            "2XX": { description: "Received: any 2xx ends the delivery" },
            "410": { description: "Gone: the endpoint is disabled at once" },
            default: { description: "Anything else (or no answer in 30 s) is a failed attempt, retried later; 429/503 may send Retry-After" },
          },
        },
      },
    ]),
  );
}
