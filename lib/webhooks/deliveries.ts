import { AppError } from "../core/errors";
import type { Principal } from "../authz/principal";
import { emitEvent } from "./outbox";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function endpointOf(viewer: Principal, endpointId: string) {
  const row = UUID.test(endpointId ?? "")
    ? await viewer.data((tx) => tx.webhookEndpoint.findFirst({ where: { id: endpointId, workspaceId: viewer.workspace.id, mode: viewer.mode, deletedAt: null } }))
    : null;
  if (!row) throw new AppError("NOT_FOUND", "No such webhook endpoint.");
  return row;
}

/** The endpoint's recent deliveries, newest first, with every attempt and the payload. */
export async function listDeliveries(viewer: Principal, endpointId: string, limit = 25) {
  const endpoint = await endpointOf(viewer, endpointId);
  const rows = await viewer.data((tx) =>
    tx.webhookDelivery.findMany({
      where: { workspaceId: viewer.workspace.id, endpointId: endpoint.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit,
      include: { event: { select: { id: true, type: true, body: true, createdAt: true } }, attemptsLog: { orderBy: { number: "asc" } } },
    }),
  );
  return { endpoint, deliveries: rows };
}

/** Sends an event again to the same endpoint: a new delivery, due now. Audited. */
export async function resendDelivery(viewer: Principal, deliveryId: string, now = new Date()) {
  const original = UUID.test(deliveryId ?? "")
    ? await viewer.data((tx) => tx.webhookDelivery.findFirst({ where: { id: deliveryId, workspaceId: viewer.workspace.id }, include: { endpoint: true } }))
    : null;
  if (!original || original.endpoint.mode !== viewer.mode || original.endpoint.deletedAt) throw new AppError("NOT_FOUND", "No such delivery.");
  return viewer.data(async (tx) => {
    const created = await tx.webhookDelivery.create({
      data: { workspaceId: viewer.workspace.id, eventId: original.eventId, endpointId: original.endpointId, nextAttemptAt: now },
    });
    await viewer.audit("webhook_delivery.resent", { type: "webhook_delivery", id: created.id, label: original.eventId }, { after: { event_id: original.eventId, endpoint_id: original.endpointId } }, tx);
    return created;
  });
}

/** A `webhook.test` event for one endpoint (even one not subscribed to it). */
export async function sendTestEvent(viewer: Principal, endpointId: string, now = new Date()) {
  const endpoint = await endpointOf(viewer, endpointId);
  return viewer.data((tx) =>
    emitEvent(tx, {
      workspaceId: viewer.workspace.id,
      mode: viewer.mode,
      type: "webhook.test",
      data: { object: { endpoint_id: endpoint.id, message: "A test event from Switchboard." } },
      endpointIds: [endpoint.id],
      now,
    }),
  );
}
