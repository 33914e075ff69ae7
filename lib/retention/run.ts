import { recordAudit } from "../audit/record";
import { PLATFORM_CHAIN } from "../audit/context";
import { db } from "../db/client";
import { inBatches } from "../db/in-batches";
import { log } from "../log/logger";
import { objectStore } from "../storage/object-store";
import { DELETION_EVERY_MS } from "../workspaces/deletion";
import { pruneAuditChain } from "./audit-prune";
import { pruneSecurityEvents } from "./security-events-prune";
import { cutoff, OUTBOX_EMAIL_DAYS, RETENTION_DEFAULTS, type RetentionPeriods } from "./policy";

export interface WorkspaceRetentionCounts {
  recordings: number;
  transcripts: number;
  /** Web widget conversations (the session's own sealed copy; its call is under transcripts). */
  widgetTranscripts: number;
  webhookAttempts: number;
  webhookDeliveries: number;
  webhookEvents: number;
  securityEvents: number;
  auditRows: number;
}

export interface PlatformRetentionCounts {
  securityEvents: number;
  auditRows: number;
  outboxEmails: number;
}

export interface RetentionReport {
  ranAt: Date;
  /** Only the workspaces where something was removed. */
  workspaces: { workspaceId: string; counts: WorkspaceRetentionCounts }[];
  platform: PlatformRetentionCounts;
  /** Workspaces whose pass failed (logged; the next run retries them). */
  failures: number;
}

export interface RetentionOptions {
  /** The clock (tests inject one). */
  now: Date;
  /** Rows per statement: a large backlog is removed in many short transactions. */
  batch?: number;
}

const SYSTEM = { type: "system" as const, label: "retention" };
const WORKSPACE_PAGE = 200;
/**
 * A cancelled workspace whose deletion is due within this long belongs to the deletion job
 * (lib/workspaces/deletion.ts), which erases all of it: retention leaves it alone, so the two
 * jobs, each with its own claim, never work on one workspace at once (retention writing its
 * audit row into a chain the deletion has just erased) unless a retention pass outlasts an
 * hour — the bound the single hourly claim gave when one pass ran both.
 */
const ERASURE_SOON_MS = DELETION_EVERY_MS;


/**
 * Recordings: the object goes first, then the key. A crash in between leaves a key whose
 * object is gone (the call answers "no recording", and the next run clears the key), never
 * an object nobody points at. Counted by the UPDATE, so two concurrent runs that both saw a
 * call count it once.
 */
async function expireRecordings(workspaceId: string, before: Date, batch: number): Promise<number> {
  let total = 0;
  for (;;) {
    const calls = await db().call.findMany({
      where: { workspaceId, mode: { in: ["live", "test"] }, startedAt: { lt: before }, recordingKey: { not: null } },
      select: { id: true, recordingKey: true },
      orderBy: { startedAt: "asc" },
      take: batch,
    });
    for (const call of calls) await objectStore().delete(call.recordingKey!);
    if (calls.length > 0) {
      const { count } = await db().call.updateMany({
        where: { workspaceId, id: { in: calls.map((c) => c.id) }, recordingKey: { not: null } },
        data: { recordingKey: null },
      });
      total += count;
    }
    if (calls.length < batch) return total;
  }
}

async function expireWorkspace(workspaceId: string, periods: RetentionPeriods, now: Date, batch: number): Promise<WorkspaceRetentionCounts> {
  const recordingsBefore = cutoff(now, periods.recordingsDays);
  const transcriptsBefore = cutoff(now, periods.transcriptsDays);
  const webhooksBefore = cutoff(now, periods.webhookLogsDays);
  const securityBefore = cutoff(now, periods.securityEventsDays);
  return {
    recordings: await expireRecordings(workspaceId, recordingsBefore, batch),
    transcripts: await inBatches(batch, () => db().$executeRaw`
      UPDATE calls SET transcript_enc = NULL WHERE id IN (
        SELECT id FROM calls WHERE workspace_id = ${workspaceId}::uuid AND mode IN ('live', 'test')
          AND started_at < ${transcriptsBefore} AND transcript_enc IS NOT NULL
        LIMIT ${batch} FOR UPDATE SKIP LOCKED)`),
    // SPEC §10 "transcripts/messages": a conversation is dated by its last message.
    widgetTranscripts: await inBatches(batch, () => db().$executeRaw`
      UPDATE widget_sessions SET transcript_enc = NULL WHERE id IN (
        SELECT id FROM widget_sessions WHERE workspace_id = ${workspaceId}::uuid
          AND last_message_at < ${transcriptsBefore} AND transcript_enc IS NOT NULL
        LIMIT ${batch} FOR UPDATE SKIP LOCKED)`),
    webhookAttempts: await inBatches(batch, () => db().$executeRaw`
      DELETE FROM webhook_attempts WHERE id IN (
        SELECT id FROM webhook_attempts WHERE workspace_id = ${workspaceId}::uuid AND started_at < ${webhooksBefore}
        LIMIT ${batch} FOR UPDATE SKIP LOCKED)`),
    // Only finished deliveries, last touched before the cutoff; pending ones keep retrying.
    webhookDeliveries: await inBatches(batch, () => db().$executeRaw`
      DELETE FROM webhook_deliveries WHERE id IN (
        SELECT id FROM webhook_deliveries WHERE workspace_id = ${workspaceId}::uuid
          AND status IN ('succeeded', 'failed') AND updated_at < ${webhooksBefore}
        LIMIT ${batch} FOR UPDATE SKIP LOCKED)`),
    // Events no delivery refers to any more.
    webhookEvents: await inBatches(batch, () => db().$executeRaw`
      DELETE FROM webhook_events WHERE id IN (
        SELECT e.id FROM webhook_events e WHERE e.workspace_id = ${workspaceId}::uuid AND e.created_at < ${webhooksBefore}
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id)
        LIMIT ${batch} FOR UPDATE SKIP LOCKED)`),
    securityEvents: await pruneSecurityEvents(workspaceId, securityBefore, periods.securityEventsDays, batch),
    auditRows: await pruneAuditChain(workspaceId, cutoff(now, periods.auditDays), batch),
  };
}

async function expirePlatform(now: Date, batch: number): Promise<PlatformRetentionCounts> {
  const securityBefore = cutoff(now, RETENTION_DEFAULTS.securityEventsDays);
  const outboxBefore = cutoff(now, OUTBOX_EMAIL_DAYS);
  return {
    securityEvents: await pruneSecurityEvents(null, securityBefore, RETENTION_DEFAULTS.securityEventsDays, batch),
    auditRows: await pruneAuditChain(PLATFORM_CHAIN, cutoff(now, RETENTION_DEFAULTS.auditDays), batch),
    outboxEmails: await inBatches(batch, () => db().$executeRaw`
      DELETE FROM outbox_emails WHERE id IN (
        SELECT id FROM outbox_emails WHERE created_at < ${outboxBefore}
        LIMIT ${batch} FOR UPDATE SKIP LOCKED)`),
  };
}

const sum = (counts: object) => Object.values(counts).reduce((a: number, n: number) => a + n, 0);

/**
 * One retention pass (SPEC §10): for every workspace (but those about to be erased, see
 * ERASURE_SOON_MS), removes what is past its periods, and the platform's own expired rows.
 * Each workspace that lost anything gets a `retention.ran` audit row with the counts
 * (written after its own audit rows were pruned, so it is never the row removed); the
 * platform chain gets a summary. Safe to run concurrently: every
 * statement skips rows another run holds and counts only what it removed itself.
 */
export async function runRetention(options: RetentionOptions): Promise<RetentionReport> {
  const { now } = options;
  const batch = options.batch ?? 1000;
  const report: RetentionReport = { ranAt: now, workspaces: [], platform: { securityEvents: 0, auditRows: 0, outboxEmails: 0 }, failures: 0 };
  let after: string | undefined;
  for (;;) {
    const page = await db().workspace.findMany({
      where: {
        ...(after ? { id: { gt: after } } : {}),
        OR: [{ deletionDueAt: null }, { deletionDueAt: { gt: new Date(now.getTime() + ERASURE_SOON_MS) } }],
      },
      orderBy: { id: "asc" },
      take: WORKSPACE_PAGE,
      select: {
        id: true,
        retentionRecordingsDays: true,
        retentionTranscriptsDays: true,
        retentionWebhookLogsDays: true,
        retentionSecurityEventsDays: true,
        retentionAuditDays: true,
      },
    });
    for (const ws of page) {
      const periods: RetentionPeriods = {
        recordingsDays: ws.retentionRecordingsDays,
        transcriptsDays: ws.retentionTranscriptsDays,
        webhookLogsDays: ws.retentionWebhookLogsDays,
        securityEventsDays: ws.retentionSecurityEventsDays,
        auditDays: ws.retentionAuditDays,
      };
      try {
        const counts = await expireWorkspace(ws.id, periods, now, batch);
        if (sum(counts) > 0) {
          report.workspaces.push({ workspaceId: ws.id, counts });
          await recordAudit({ actor: SYSTEM, workspaceId: ws.id }, "retention.ran", { type: "workspace", id: ws.id }, { deleted: { ...counts }, periods: { ...periods } });
        }
      } catch (err) {
        report.failures += 1;
        log().error({ err, workspaceId: ws.id }, "retention pass failed for a workspace");
      }
    }
    const last = page.at(-1);
    if (!last || page.length < WORKSPACE_PAGE) break;
    after = last.id;
  }
  report.platform = await expirePlatform(now, batch);
  const workspaceRows = report.workspaces.reduce((a, w) => a + sum(w.counts), 0);
  if (workspaceRows + sum(report.platform) > 0) {
    await recordAudit({ actor: SYSTEM, workspaceId: null }, "retention.ran", { type: "platform" }, {
      workspaces: report.workspaces.length,
      deletedInWorkspaces: workspaceRows,
      platform: { ...report.platform },
      failures: report.failures,
    });
  }
  log().info({ workspaces: report.workspaces.length, deletedInWorkspaces: workspaceRows, platform: report.platform, failures: report.failures }, "retention pass finished");
  return report;
}
