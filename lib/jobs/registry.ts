import { signChainHeadsIfDue } from "../evidence/checkpoint-schedule";
import { runStreamsOnce } from "../evidence/streams/worker";
import { maintainRequestLogsIfDue } from "../request-logs/partitions";
import { runRetentionIfDue } from "../retention/schedule";
import { runRecoveriesOnce } from "../webhooks/recoveries";
import { BATCH as WEBHOOK_BATCH, runOnce } from "../webhooks/worker";
import { endIdleWidgetSessions } from "../widget/conversation";
import { deleteDueWorkspacesIfDue } from "../workspaces/deletion";

export interface JobContext {
  /** The clock (tests inject one). */
  now: () => Date;
  /** Aborted when a shutdown's grace period runs out: cut what is in flight and release its claim. */
  signal?: AbortSignal;
}

/**
 * A background job. `run` claims its own work atomically — rows with `FOR UPDATE SKIP
 * LOCKED`, or a period through `claimPeriodicRun` (lib/db/periodic-claim.ts) — so any number of
 * runners, in any number of processes, never do one unit twice; the runner only decides
 * when to call it (lib/jobs/runner.ts).
 */
export interface Job {
  /** Unique; logged with every failure. */
  readonly name: string;
  /** The pause after a run (after every run that did nothing, for a draining job). */
  readonly intervalMs: number;
  /** The pause before the first run; default none. */
  readonly firstRunAfterMs?: number;
  /** A run that did work (returned > 0) is followed at once by the next. */
  readonly drain?: boolean;
  /** What makes the work this run's alone (documentation, shown by `npm run worker`). */
  readonly claim: string;
  /** Claims and does the work; answers how many units it did. */
  run(ctx: JobContext): Promise<number>;
}

/** How often the hourly jobs ask whether their hour has come. */
const HOURLY_CHECK_MS = 5 * 60_000;

/** Webhook delivery from the outbox (decision 015): batches of 50 (README, Performance), every second while idle. */
export const webhookDeliveriesJob: Job = {
  name: "webhook-deliveries",
  intervalMs: 1000,
  drain: true,
  claim: "webhook_deliveries rows FOR UPDATE SKIP LOCKED, held 2 minutes",
  run: ({ now, signal }) => runOnce({ now, signal }, WEBHOOK_BATCH),
};

/**
 * Cancelled workspaces past their deletion date (decision 017), at most once an hour across
 * all workers. The first check waits one interval, so a restart loop never hammers the claim.
 */
export const workspaceDeletionJob: Job = {
  name: "workspace-deletion",
  intervalMs: HOURLY_CHECK_MS,
  firstRunAfterMs: HOURLY_CHECK_MS,
  claim: "scheduled_jobs 'workspace_deletion': one run an hour",
  run: async ({ now }) => (await deleteDueWorkspacesIfDue({ now: now() }))?.deleted.length ?? 0,
};

/** Retention (SPEC §10, decision 016), at most once an hour across all workers. */
export const retentionJob: Job = {
  name: "retention",
  intervalMs: HOURLY_CHECK_MS,
  firstRunAfterMs: HOURLY_CHECK_MS,
  claim: "scheduled_jobs 'retention': one run an hour",
  run: async ({ now }) => (await runRetentionIfDue({ now: now() }))?.workspaces.length ?? 0,
};

/**
 * Signed chain checkpoints (SPEC §7, decision 036): every chain head that moved since its last
 * checkpoint, at most once every 5 minutes across all workers; asked every minute.
 */
export const auditCheckpointsJob: Job = {
  name: "audit-checkpoints",
  intervalMs: 60_000,
  firstRunAfterMs: 60_000,
  claim: "scheduled_jobs 'audit_checkpoints': one run every 5 minutes",
  run: ({ now }) => signChainHeadsIfDue({ now: now() }),
};

/**
 * Evidence streams (SPEC §7, decision 038): each due destination's audit rows, security events
 * and checkpoints after its cursors, 10 streams a pass, every second while idle.
 */
export const evidenceStreamsJob: Job = {
  name: "evidence-streams",
  intervalMs: 1000,
  drain: true,
  claim: "evidence_streams rows FOR UPDATE SKIP LOCKED, held 2 minutes; cursors move by compare-and-set",
  run: ({ now }) => runStreamsOnce({ now }, 10),
};

/**
 * Request-log partitions (decision 043): this month's and the next two created ahead, and
 * whole months dropped once every workspace's retention has passed them; once a day across
 * all workers, first asked a few seconds after start so a fresh database has its partitions.
 */
export const requestLogPartitionsJob: Job = {
  name: "request-log-partitions",
  intervalMs: HOURLY_CHECK_MS,
  firstRunAfterMs: 5_000,
  claim: "scheduled_jobs 'request_log_partitions': one run a day",
  run: ({ now }) => maintainRequestLogsIfDue({ now: now() }),
};

/**
 * "Recover failed deliveries since T" (issue 20): 500 events of one recovery a pass, each pass
 * one transaction with its progress; every 2 seconds while idle.
 */
export const webhookRecoveriesJob: Job = {
  name: "webhook-recoveries",
  intervalMs: 2000,
  drain: true,
  claim: "webhook_recoveries rows FOR UPDATE SKIP LOCKED, held 2 minutes and renewed per chunk",
  run: ({ now }) => runRecoveriesOnce({ now }),
};

/**
 * Web widget sessions idle for 10 minutes (SPEC §14): each ended as a web call in its
 * workspace, 50 a pass, every 30 seconds while idle.
 */
export const widgetIdleSessionsJob: Job = {
  name: "widget-idle-sessions",
  intervalMs: 30_000,
  drain: true,
  claim: "widget_sessions rows FOR UPDATE SKIP LOCKED, each ended in its own transaction with its call",
  run: ({ now }) => endIdleWidgetSessions(now()),
};

/** Every job `npm start` and `npm run worker` run (decision 024). New jobs are added here. */
export const JOBS: readonly Job[] = [webhookDeliveriesJob, webhookRecoveriesJob, workspaceDeletionJob, retentionJob, auditCheckpointsJob, evidenceStreamsJob, requestLogPartitionsJob, widgetIdleSessionsJob];
