import { AppError } from "../core/errors";
import type { Principal } from "../authz/principal";
import { db } from "../db/client";
import { endpointOf, countFailedSince, requeueFailedSince } from "./deliveries";

/** Delivery logs are kept 30 days (SPEC §4): a recovery cannot reach further back. */
export const RECOVERY_MAX_AGE_MS = 30 * 24 * 3_600_000;
/** Events queued again per pass (one transaction); progress moves by this much. */
export const RECOVERY_CHUNK = 500;
/** How long a job holds a running recovery; a crashed worker's claim lapses and another resumes it. */
const CLAIM_MS = 2 * 60_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface RecoveryRow {
  id: string;
  endpointId: string;
  since: Date;
  status: string;
  total: number;
  done: number;
  createdAt: Date;
  completedAt: Date | null;
}

/** A recovery in the API's JSON form. */
export const recoveryJson = (r: RecoveryRow) => ({
  id: r.id,
  endpoint_id: r.endpointId,
  status: r.status as "queued" | "running" | "completed",
  since: r.since.toISOString(),
  total: r.total,
  done: r.done,
  created_at: r.createdAt.toISOString(),
  completed_at: r.completedAt?.toISOString() ?? null,
});

/**
 * "Recover failed deliveries since T" for one endpoint: queued here (audited), done by the
 * webhook-recoveries job, which sends again exactly the events that failed since T and
 * have neither arrived since nor are waiting, with progress on the row.
 */
export async function startRecovery(viewer: Principal, endpointId: string, since: Date, now = new Date()) {
  const endpoint = await endpointOf(viewer, endpointId);
  if (Number.isNaN(since.getTime()) || since > now) throw new AppError("VALIDATION_FAILED", "Choose a time in the past.", { details: [{ field: "since", issue: "not a past time" }] });
  if (now.getTime() - since.getTime() > RECOVERY_MAX_AGE_MS) {
    throw new AppError("VALIDATION_FAILED", "Deliveries are kept 30 days: choose a time within them.", { details: [{ field: "since", issue: "older than 30 days" }] });
  }
  const row = await viewer.data(async (tx) => {
    const created = await tx.webhookRecovery.create({ data: { workspaceId: viewer.workspace.id, endpointId: endpoint.id, since, createdAt: now } });
    await viewer.audit("webhook_endpoint.recovery_started", { type: "webhook_endpoint", id: endpoint.id, label: endpoint.url }, { after: { recovery_id: created.id, since: since.toISOString() } }, tx);
    return created;
  });
  return recoveryJson(row);
}

export async function getRecovery(viewer: Principal, endpointId: string, recoveryId: string) {
  const endpoint = await endpointOf(viewer, endpointId);
  const row = UUID.test(recoveryId ?? "")
    ? await viewer.data((tx) => tx.webhookRecovery.findFirst({ where: { id: recoveryId, workspaceId: viewer.workspace.id, endpointId: endpoint.id } }))
    : null;
  if (!row) throw new AppError("NOT_FOUND", "No such recovery.");
  return recoveryJson(row);
}

/** The endpoint's newest recovery, for the dashboard's progress; null if it never had one. */
export async function latestRecovery(viewer: Principal, endpointId: string) {
  const row = await viewer.data((tx) => tx.webhookRecovery.findFirst({ where: { workspaceId: viewer.workspace.id, endpointId }, orderBy: { createdAt: "desc" } }));
  return row ? recoveryJson(row) : null;
}

/**
 * One pass of the webhook-recoveries job: claims one queued recovery (or a running one not
 * held by a live worker) with FOR UPDATE SKIP LOCKED, counts its events once (`total`) when it
 * starts, queues up to `chunk` of them again in one transaction with the `done` they add, and
 * lets go of it — completed once a chunk comes up short. The job drains, so the next pass
 * follows at once; between passes the progress is on the row, and a worker that dies
 * mid-chunk loses nothing: the chunk's transaction never committed, its claim lapses. What
 * was queued is pending, so no longer in the set: nothing is sent twice. Answers 1 if it
 * worked on one, 0 if none was due.
 */
export async function runRecoveriesOnce({ now }: { now: () => Date }, chunk = RECOVERY_CHUNK): Promise<number> {
  const t = now();
  const [claimed] = await db().$queryRaw<{ id: string; workspace_id: string; endpoint_id: string; since: Date; status: string }[]>`
    UPDATE webhook_recoveries r SET status = 'running', locked_until = ${new Date(t.getTime() + CLAIM_MS)}, updated_at = ${t}
    FROM (
      SELECT id, status FROM webhook_recoveries
      WHERE status IN ('queued', 'running') AND (locked_until IS NULL OR locked_until <= ${t})
      ORDER BY created_at LIMIT 1
      FOR UPDATE SKIP LOCKED
    ) due
    WHERE r.id = due.id
    RETURNING r.id, r.workspace_id, r.endpoint_id, r.since, due.status AS status`;
  if (!claimed) return 0;
  const f = { workspaceId: claimed.workspace_id, endpointId: claimed.endpoint_id, since: claimed.since };
  await db().$transaction(async (tx) => {
    const total = claimed.status === "queued" ? await countFailedSince(tx, f) : undefined;
    const n = await requeueFailedSince(tx, f, now(), chunk);
    const finished = n < chunk;
    const at = now();
    // Failures that happened while it ran may have joined: the total is never below what was done.
    await tx.$executeRaw`
      UPDATE webhook_recoveries SET done = done + ${n}, total = GREATEST(COALESCE(${total ?? null}::int, total), done + ${n}),
        status = ${finished ? "completed" : "running"}, completed_at = ${finished ? at : null}, locked_until = NULL, updated_at = ${at}
      WHERE id = ${claimed.id}::uuid`;
  });
  return 1;
}
