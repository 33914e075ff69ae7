import { recordAudit } from "../audit/record";
import { deleteWorkspaceRecordings } from "../calls/recordings";
import { deleteWorkspaceDocuments } from "../knowledge/documents";
import { db } from "../db/client";
import { inBatches } from "../db/in-batches";
import { claimPeriodicRun } from "../db/periodic-claim";
import { log } from "../log/logger";
import { objectStore } from "../storage/object-store";

export interface WorkspaceDeletionCounts {
  recordings: number;
  documents: number;
  transcripts: number;
  calls: number;
  securityEvents: number;
  requestLogs: number;
  auditRows: number;
}

export interface DeletionReport {
  deleted: { workspaceId: string; counts: WorkspaceDeletionCounts }[];
  failures: number;
}

const SYSTEM = { type: "system" as const, label: "workspace-deletion" };
const DUE_PAGE = 20;

/** The deletion job runs at most once an hour across all workers. */
export const DELETION_EVERY_MS = 60 * 60_000;


/** Every recording object first (then its key), then anything left under the workspace's prefix. */
async function deleteRecordings(workspaceId: string, batch: number): Promise<number> {
  let total = 0;
  for (;;) {
    const calls = await db().call.findMany({ where: { workspaceId, recordingKey: { not: null } }, select: { id: true, recordingKey: true }, take: batch });
    for (const call of calls) await objectStore().delete(call.recordingKey!);
    if (calls.length > 0) {
      const { count } = await db().call.updateMany({ where: { id: { in: calls.map((c) => c.id) } }, data: { recordingKey: null } });
      total += count;
    }
    if (calls.length < batch) break;
  }
  // Objects no call points at any more (a crash between upload and insert) go too.
  return total + (await deleteWorkspaceRecordings(workspaceId));
}

/**
 * Removes the workspace's audit chain through the erasure path (decision 017): the database
 * allows it only in a transaction that names this chain and only while the workspace row is
 * cancelled and past its deletion date by the database's clock, so the row must go last.
 */
async function eraseAuditChain(workspaceId: string, batch: number): Promise<number> {
  const removed = await inBatches(batch, () =>
    db().$transaction(async (tx) => {
      await tx.$queryRaw`SELECT set_config('switchboard.workspace_erasure', ${workspaceId}, true)`;
      return tx.$executeRaw`DELETE FROM audit_logs WHERE chain_key = ${workspaceId} AND seq IN (
        SELECT seq FROM audit_logs WHERE chain_key = ${workspaceId} ORDER BY seq LIMIT ${batch})`;
    }),
  );
  await db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT set_config('switchboard.workspace_erasure', ${workspaceId}, true)`;
    await tx.$executeRaw`DELETE FROM audit_checkpoints WHERE chain_key = ${workspaceId}`;
    await tx.$executeRaw`DELETE FROM audit_chain_heads WHERE chain_key = ${workspaceId}`;
  });
  return removed;
}

/**
 * Erases one cancelled workspace whose deletion date has passed (SPEC §10): recordings
 * (objects, then keys), transcripts, calls, security events, its audit chain, and last the
 * workspace row, whose foreign keys cascade to everything else it owns — members, groups,
 * keys, webhooks and their logs, phone numbers, the ledger, and its data keys (so any
 * ciphertext that survives elsewhere, e.g. in a backup, can no longer be decrypted).
 * Each step is idempotent: a run that dies half-way is finished by the next one.
 */
async function eraseWorkspace(workspaceId: string, batch: number): Promise<WorkspaceDeletionCounts> {
  const recordings = await deleteRecordings(workspaceId, batch);
  // Knowledge-base files and quarantined ones; their rows go with the workspace row.
  const documents = await deleteWorkspaceDocuments(workspaceId);
  const transcripts = await inBatches(batch, () => db().$executeRaw`
    UPDATE calls SET transcript_enc = NULL WHERE id IN (
      SELECT id FROM calls WHERE workspace_id = ${workspaceId}::uuid AND transcript_enc IS NOT NULL LIMIT ${batch})`);
  const calls = await inBatches(batch, () => db().$executeRaw`
    DELETE FROM calls WHERE id IN (SELECT id FROM calls WHERE workspace_id = ${workspaceId}::uuid LIMIT ${batch})`);
  // Through the erasure path the append-only trigger allows (decisions 017, 034).
  const securityEvents = await inBatches(batch, () =>
    db().$transaction(async (tx) => {
      await tx.$queryRaw`SELECT set_config('switchboard.workspace_erasure', ${workspaceId}, true)`;
      return tx.$executeRaw`
        DELETE FROM security_events WHERE id IN (SELECT id FROM security_events WHERE workspace_id = ${workspaceId}::uuid LIMIT ${batch})`;
    }),
  );
  const requestLogs = await inBatches(batch, () => db().$executeRaw`
    DELETE FROM request_logs WHERE (workspace_id, occurred_at, id) IN (
      SELECT workspace_id, occurred_at, id FROM request_logs WHERE workspace_id = ${workspaceId}::uuid LIMIT ${batch})`);
  const auditRows = await eraseAuditChain(workspaceId, batch);
  await db().$executeRaw`DELETE FROM workspaces WHERE id = ${workspaceId}::uuid AND cancelled_at IS NOT NULL AND deletion_due_at <= now()`;
  return { recordings, documents, transcripts, calls, securityEvents, requestLogs, auditRows };
}

/**
 * The deletion pass (the workspace-deletion job runs it hourly): erases every cancelled
 * workspace whose deletion date is at or before `now`. What remains is one anonymised row in
 * the platform audit chain — `workspace.deleted` with the workspace's id, its dates and the
 * counts removed; no name, slug, member or number.
 */
export async function deleteDueWorkspaces(options: { now: Date; batch?: number }): Promise<DeletionReport> {
  const batch = options.batch ?? 1000;
  const report: DeletionReport = { deleted: [], failures: 0 };
  const due = await db().workspace.findMany({
    where: { cancelledAt: { not: null }, deletionDueAt: { lte: options.now } },
    select: { id: true, cancelledAt: true, deletionDueAt: true },
    orderBy: { deletionDueAt: "asc" },
    take: DUE_PAGE,
  });
  for (const ws of due) {
    try {
      const counts = await eraseWorkspace(ws.id, batch);
      if (await db().workspace.findUnique({ where: { id: ws.id }, select: { id: true } })) {
        throw new Error("the workspace row was not deleted (its deletion date has not passed by the database clock)");
      }
      report.deleted.push({ workspaceId: ws.id, counts });
      await recordAudit({ actor: SYSTEM, workspaceId: null }, "workspace.deleted", { type: "workspace", id: ws.id }, {
        before: { cancelled_at: ws.cancelledAt!.toISOString(), deletion_due_at: ws.deletionDueAt!.toISOString() },
        after: { deleted: { ...counts } },
      });
      log().info({ workspaceId: ws.id, counts }, "cancelled workspace deleted");
    } catch (err) {
      report.failures += 1;
      log().error({ err, workspaceId: ws.id }, "workspace deletion failed; the next run retries it");
    }
  }
  return report;
}

/**
 * The workspace-deletion job's run (lib/jobs/registry.ts): the pass runs if no worker started
 * it within `everyMs` (one hour); the claim is the `workspace_deletion` row of
 * `scheduled_jobs` (lib/db/periodic-claim.ts), so of several workers asking at once exactly one runs it.
 */
export async function deleteDueWorkspacesIfDue(options: { now: Date; everyMs?: number; batch?: number }): Promise<DeletionReport | null> {
  if (!(await claimPeriodicRun("workspace_deletion", options.now, options.everyMs ?? DELETION_EVERY_MS))) return null;
  return deleteDueWorkspaces({ now: options.now, batch: options.batch });
}
