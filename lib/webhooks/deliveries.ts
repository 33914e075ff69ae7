import { AppError } from "../core/errors";
import type { Principal } from "../authz/principal";
import { Prisma } from "../db/generated/client";
import type { TenantTx } from "../db/scoped";
import { emitEvent } from "./outbox";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function endpointOf(viewer: Principal, endpointId: string) {
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
      data: { workspaceId: viewer.workspace.id, eventId: original.eventId, endpointId: original.endpointId, orderingKey: original.orderingKey, nextAttemptAt: now },
    });
    await viewer.audit("webhook_delivery.resent", { type: "webhook_delivery", id: created.id, label: original.eventId }, { after: { event_id: original.eventId, endpoint_id: original.endpointId } }, tx);
    return created;
  });
}

/** At most this many events are queued again by one "resend failed since" (the rest: run it again). */
export const RESEND_FAILED_LIMIT = 10_000;

interface FailedSince {
  workspaceId: string;
  endpointId: string;
  since: Date;
}

/**
 * The events whose delivery to the endpoint failed (retries exhausted, or ended by disabling)
 * since `since`, and that have not reached it since nor are waiting to: the set a recovery
 * sends again. Read by the count and the insert below, so both mean the same set.
 */
const failedSince = (f: FailedSince) => Prisma.sql`
  SELECT DISTINCT ON (d.event_id) d.event_id, d.ordering_key FROM webhook_deliveries d
  WHERE d.workspace_id = ${f.workspaceId}::uuid AND d.endpoint_id = ${f.endpointId}::uuid AND d.status = 'failed' AND d.created_at >= ${f.since}
    AND NOT EXISTS (
      SELECT 1 FROM webhook_deliveries o
      WHERE o.workspace_id = d.workspace_id AND o.endpoint_id = d.endpoint_id AND o.event_id = d.event_id AND o.status IN ('pending', 'succeeded'))`;

/** How many events a recovery since `since` would send again. */
export async function countFailedSince(tx: TenantTx, f: FailedSince): Promise<number> {
  const [row] = await tx.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM (${failedSince(f)}) f`;
  return Number(row?.n ?? 0);
}

/**
 * Up to `limit` of those events get one new delivery each, due now, with their ordering key,
 * in one statement; answers how many. Run again, it picks up where it stopped: what it
 * queued is pending, so no longer in the set.
 */
export async function requeueFailedSince(tx: TenantTx, f: FailedSince, now: Date, limit: number): Promise<number> {
  return tx.$executeRaw`
    INSERT INTO webhook_deliveries (id, workspace_id, event_id, endpoint_id, ordering_key, next_attempt_at, created_at, updated_at)
    SELECT gen_random_uuid(), ${f.workspaceId}::uuid, f.event_id, ${f.endpointId}::uuid, f.ordering_key, ${now}, ${now}, ${now}
    FROM (${failedSince(f)} ORDER BY d.event_id LIMIT ${limit}) f`;
}

/**
 * Every event whose delivery to this endpoint failed since `since`, and that has not reached
 * it since or is not already waiting: one new delivery each, due now, in one statement.
 * Audited once, with the count. Answers how many were queued. (The dashboard and the API run
 * this as a background job with progress: lib/webhooks/recoveries.ts.)
 */
export async function resendFailedSince(viewer: Principal, endpointId: string, since: Date, now = new Date()): Promise<{ queued: number; more: boolean }> {
  const endpoint = await endpointOf(viewer, endpointId);
  if (Number.isNaN(since.getTime()) || since > now) throw new AppError("VALIDATION_FAILED", "Choose a time in the past.", { details: [{ field: "since", issue: "not a past time" }] });
  return viewer.data(async (tx) => {
    const queued = await requeueFailedSince(tx, { workspaceId: viewer.workspace.id, endpointId: endpoint.id, since }, now, RESEND_FAILED_LIMIT);
    await viewer.audit(
      "webhook_endpoint.failed_resent",
      { type: "webhook_endpoint", id: endpoint.id, label: endpoint.url },
      { after: { since: since.toISOString(), queued } },
      tx,
    );
    return { queued, more: queued >= RESEND_FAILED_LIMIT };
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
