import { recordAudit } from "../audit/record";
import { db } from "../db/client";
import { emitEvent } from "./outbox";
import { emailDeliveriesExhausted, emailEndpointDisabled, type DisabledReason } from "./owner-notices";

/** An endpoint failing without a break for this long is disabled (SPEC §4, decision 050). */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * 3_600_000;

const WORKER = { type: "system", label: "webhook worker" } as const;

interface DisablingEndpoint {
  id: string;
  workspaceId: string;
  mode: string;
  url: string;
  failingSince: Date | null;
}

/**
 * The worker disables an endpoint (410 Gone, or 5 days of failure): in one transaction the
 * endpoint stops (with why and when), its waiting deliveries end as failed — recoverable
 * once it is enabled again — a `webhook_endpoint.disabled` event goes through the outbox to
 * the workspace's other enabled endpoints that subscribe to it, and the system's audit row
 * is written; then the owners are emailed. Compare-and-set on `enabled`, so two workers
 * seeing the same 410 disable it once. Answers whether this call disabled it.
 */
export async function disableEndpoint(endpoint: DisablingEndpoint, reason: DisabledReason, now: Date): Promise<boolean> {
  const mode = endpoint.mode === "live" ? "live" : "test";
  const disabled = await db().$transaction(async (tx) => {
    const { count } = await tx.webhookEndpoint.updateMany({
      where: { id: endpoint.id, enabled: true, deletedAt: null },
      data: { enabled: false, disabledReason: reason, disabledAt: now },
    });
    if (count === 0) return false;
    const ended = await tx.webhookDelivery.updateMany({ where: { endpointId: endpoint.id, status: "pending" }, data: { status: "failed", lockedUntil: null } });
    await emitEvent(tx, {
      workspaceId: endpoint.workspaceId,
      mode,
      type: "webhook_endpoint.disabled",
      data: {
        object: {
          id: endpoint.id,
          url: endpoint.url,
          enabled: false,
          disabled_reason: reason,
          disabled_at: now.toISOString(),
          failing_since: endpoint.failingSince?.toISOString() ?? null,
        },
      },
      now,
    });
    await recordAudit(
      { actor: WORKER, workspaceId: endpoint.workspaceId },
      "webhook_endpoint.disabled",
      { type: "webhook_endpoint", id: endpoint.id, label: endpoint.url },
      { before: { enabled: true }, after: { enabled: false, disabled_reason: reason, failing_since: endpoint.failingSince?.toISOString() ?? null, pending_deliveries_failed: ended.count } },
      tx,
    );
    return true;
  });
  if (disabled) await emailEndpointDisabled(endpoint, reason);
  return disabled;
}

/** At most one "retries exhausted" notice per endpoint a day (decision 050). */
export const EXHAUSTED_NOTICE_EVERY_MS = 24 * 3_600_000;

/**
 * A delivery ran out of retries: the owners are emailed and the system's audit row says so
 * (`webhook_endpoint.deliveries_exhausted`), coalesced to one of each per endpoint per day by
 * a compare-and-set on `exhausted_notified_at` — a dead receiver with thousands of events
 * sends one email, not thousands.
 */
export async function noticeExhausted(endpoint: DisablingEndpoint, delivery: { id: string; eventId: string }, now: Date): Promise<boolean> {
  const noticed = await db().$transaction(async (tx) => {
    const { count } = await tx.webhookEndpoint.updateMany({
      where: { id: endpoint.id, OR: [{ exhaustedNotifiedAt: null }, { exhaustedNotifiedAt: { lte: new Date(now.getTime() - EXHAUSTED_NOTICE_EVERY_MS) } }] },
      data: { exhaustedNotifiedAt: now },
    });
    if (count === 0) return false;
    await recordAudit(
      { actor: WORKER, workspaceId: endpoint.workspaceId },
      "webhook_endpoint.deliveries_exhausted",
      { type: "webhook_endpoint", id: endpoint.id, label: endpoint.url },
      { after: { delivery_id: delivery.id, event_id: delivery.eventId, failing_since: endpoint.failingSince?.toISOString() ?? null } },
      tx,
    );
    return true;
  });
  if (noticed) await emailDeliveriesExhausted(endpoint, delivery.eventId);
  return noticed;
}
