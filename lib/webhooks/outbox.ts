import { randomInt } from "node:crypto";
import type { TenantTx } from "../db/scoped";
import type { WebhookEventType } from "./event-types";
import { eventBody } from "./signature";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** The call a `call.*` event is about (its `data.object.id`), or null. */
export function orderingKeyOf(type: string, data: Record<string, unknown>): string | null {
  if (!type.startsWith("call.")) return null;
  const object = data.object as { id?: unknown } | undefined;
  return typeof object?.id === "string" && object.id.length <= 59 ? `call:${object.id}` : null;
}

export function newEventId(): string {
  let id = "evt_";
  for (let i = 0; i < 24; i++) id += BASE62[randomInt(62)];
  return id;
}

/**
 * The transactional outbox (SPEC §4): records an event and one pending delivery per enabled
 * endpoint of the workspace and mode that subscribes to its type — in the caller's
 * transaction, so the event exists exactly when the change that caused it does. The body
 * is fixed here and signed as is at every attempt. Payloads never carry full caller
 * numbers, whatever the masking setting (a receiver that may see them asks the API).
 *
 * Each delivery carries the event's ordering key: the call's id for `call.*` events, so the
 * worker attempts one call's events to one endpoint in order (decision 051); other events
 * have none and go out unordered.
 */
export async function emitEvent(
  tx: TenantTx,
  event: {
    workspaceId: string;
    mode: "live" | "test";
    type: WebhookEventType;
    data: Record<string, unknown>;
    now?: Date;
    /** Only these endpoints (a test event for one endpoint); default: every subscriber. */
    endpointIds?: string[];
    /** Deliveries with one key go out in order per endpoint; default: the call's id for `call.*`. */
    orderingKey?: string | null;
  },
): Promise<{ id: string; deliveries: number }> {
  const now = event.now ?? new Date();
  const orderingKey = event.orderingKey !== undefined ? event.orderingKey : orderingKeyOf(event.type, event.data);
  const id = newEventId();
  const body = eventBody({ id, type: event.type, created: Math.floor(now.getTime() / 1000), livemode: event.mode === "live", data: event.data });
  await tx.webhookEvent.create({ data: { id, workspaceId: event.workspaceId, mode: event.mode, type: event.type, body, createdAt: now } });
  const endpoints = await tx.webhookEndpoint.findMany({
    where: {
      workspaceId: event.workspaceId,
      mode: event.mode,
      enabled: true,
      deletedAt: null,
      ...(event.endpointIds ? { id: { in: event.endpointIds } } : { events: { has: event.type } }),
    },
    select: { id: true },
  });
  if (endpoints.length > 0) {
    await tx.webhookDelivery.createMany({
      data: endpoints.map((e) => ({ workspaceId: event.workspaceId, eventId: id, endpointId: e.id, nextAttemptAt: now, orderingKey })),
    });
  }
  return { id, deliveries: endpoints.length };
}
