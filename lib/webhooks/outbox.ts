import { randomInt } from "node:crypto";
import type { TenantTx } from "../db/scoped";
import type { WebhookEventType } from "./event-types";
import { eventBody } from "./signature";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

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
  },
): Promise<{ id: string; deliveries: number }> {
  const now = event.now ?? new Date();
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
      data: endpoints.map((e) => ({ workspaceId: event.workspaceId, eventId: id, endpointId: e.id, nextAttemptAt: now })),
    });
  }
  return { id, deliveries: endpoints.length };
}
