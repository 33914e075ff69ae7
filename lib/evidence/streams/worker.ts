import "server-only";
import type { EvidenceStream } from "../../db/generated/client";
import { db } from "../../db/client";
import { log } from "../../log/logger";
import { isStreamKind, type StreamSource } from "./kinds";
import { nextAuditBatch, nextCheckpointBatch, nextSecurityBatch, securityHorizon, SETTLE_MS, type StreamBatch } from "./records";
import { openStreamSecret } from "./secret";
import { SINKS, type SendOutcome, type SinkTarget } from "./sinks";
import { notifyIfStalled } from "./stall";

/** Longer than a pass's budget plus one send's timeout: only a crashed worker's claim lapses. */
const CLAIM_MS = 2 * 60_000;
const TIMEOUT_MS = 30_000;
/** Records per send: below every receiver's limit (Datadog: 1,000 entries, 5 MB). */
export const BATCH_SIZE = 500;
/** A claim sends for at most this long, then lets the pass end (and other streams in). */
const BUDGET_MS = 15_000;
/** Successes are logged as attempts at most this often (every failure is). */
const SUCCESS_LOG_MS = 60_000;
const ATTEMPTS_KEPT_MS = 7 * 86_400_000;
/** When this process last logged a success per stream (a per-process sample, not a guarantee). */
const successLogged = new Map<string, number>();
let prunedAt = 0;

export interface StreamWorkerDeps {
  now: () => Date;
  batchSize?: number;
  timeoutMs?: number;
  /** Security events' settle time (records.ts); tests use 0. */
  settleMs?: number;
  budgetMs?: number;
  random?: () => number;
}

/** After `failures` consecutive failures: 5 s doubling to 5 minutes, ±20 % jitter. */
export function streamRetryDelayMs(failures: number, random: () => number = Math.random): number {
  const base = Math.min(300_000, 5000 * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

const CURSOR_FIELD = { audit: "auditCursor", security_events: "securityCursor", checkpoints: "checkpointCursor" } as const satisfies Record<StreamSource, keyof EvidenceStream>;

/**
 * Claims enabled streams that are due: `FOR UPDATE SKIP LOCKED` so several workers never
 * take one stream, and `locked_until` so the claim outlives the transaction — a stream is
 * sent by one worker at a time, which is what keeps each chain in order. Only streams with
 * something to do are claimed — a chain head past the audit or checkpoint cursor, a
 * security-event id handed out past the security cursor (any workspace's: the pass then
 * moves the cursor up to the settled horizon), or a retry due — so idle streams cost a
 * read, not a write, per pass. A suspended
 * workspace's streams wait (its outbound traffic stops, as webhooks do); a cancelled one's
 * keep flowing until it is erased: the owners' copy of the evidence matters most then.
 */
export async function claimDueStreams(limit: number, now: Date): Promise<string[]> {
  const rows = await db().$queryRaw<{ id: string }[]>`
    UPDATE evidence_streams s SET locked_until = ${new Date(now.getTime() + CLAIM_MS)}
    FROM (
      SELECT id FROM evidence_streams
      WHERE enabled AND deleted_at IS NULL AND next_attempt_at <= ${now} AND (locked_until IS NULL OR locked_until <= ${now})
        AND NOT EXISTS (SELECT 1 FROM workspaces w WHERE w.id = evidence_streams.workspace_id AND w.suspended_at IS NOT NULL)
        AND (
          failing_since IS NOT NULL
          OR ('audit' = ANY(sources) AND EXISTS (SELECT 1 FROM audit_chain_heads h
                WHERE h.chain_key = COALESCE(evidence_streams.workspace_id::text, 'platform') AND h.seq > evidence_streams.audit_cursor))
          OR ('checkpoints' = ANY(sources) AND EXISTS (SELECT 1 FROM audit_signed_checkpoints c
                WHERE c.chain_key = COALESCE(evidence_streams.workspace_id::text, 'platform') AND c.seq > evidence_streams.checkpoint_cursor))
          OR ('security_events' = ANY(sources)
                AND security_cursor < COALESCE(pg_sequence_last_value(pg_get_serial_sequence('security_events', 'id')::regclass), 0))
        )
      ORDER BY next_attempt_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ) due
    WHERE s.id = due.id
    RETURNING s.id`;
  return rows.map((r) => r.id);
}

async function nextBatch(stream: EvidenceStream, source: StreamSource, deps: StreamWorkerDeps, horizon: () => Promise<bigint>): Promise<StreamBatch | null> {
  const limit = deps.batchSize ?? BATCH_SIZE;
  switch (source) {
    case "audit":
      return nextAuditBatch(stream, stream.auditCursor, limit);
    case "security_events":
      return nextSecurityBatch(stream, stream.securityCursor, limit, await horizon());
    case "checkpoints":
      return nextCheckpointBatch(stream, stream.checkpointCursor, limit);
  }
}

/** Moves a cursor from `from` to `to` only if it is still at `from`: a lapsed claim never moves it back. */
async function advance(stream: EvidenceStream, source: StreamSource, from: bigint, to: bigint, extra: Record<string, unknown>, now: Date): Promise<boolean> {
  const field = CURSOR_FIELD[source];
  const done = await db().evidenceStream.updateMany({
    where: { id: stream.id, [field]: from },
    data: { [field]: to, lockedUntil: new Date(now.getTime() + CLAIM_MS), ...extra },
  });
  if (done.count === 1) stream[field] = to;
  return done.count === 1;
}

async function logAttempt(stream: EvidenceStream, batch: StreamBatch, startedAt: Date, latencyMs: number, outcome: SendOutcome) {
  await db().evidenceStreamAttempt.create({
    data: {
      workspaceId: stream.workspaceId,
      streamId: stream.id,
      startedAt,
      latencyMs,
      source: batch.source,
      events: batch.records.length,
      firstSeq: batch.records[0]?.cursor ?? batch.advanceTo,
      lastSeq: batch.records.at(-1)?.cursor ?? batch.advanceTo,
      statusCode: outcome.statusCode,
      error: outcome.error?.slice(0, 300) ?? null,
    },
  });
}

async function recordFailure(stream: EvidenceStream, error: string, deps: StreamWorkerDeps, retryAfterMs?: number) {
  const now = deps.now();
  const failures = stream.failures + 1;
  const failingSince = stream.failingSince ?? now;
  const delay = Math.max(retryAfterMs ?? 0, streamRetryDelayMs(failures, deps.random));
  await db().evidenceStream.update({
    where: { id: stream.id },
    data: { failures, failingSince, lastError: error.slice(0, 300), lastErrorAt: now, lockedUntil: null, nextAttemptAt: new Date(now.getTime() + delay) },
  });
  await notifyIfStalled({ id: stream.id, workspaceId: stream.workspaceId, name: stream.name, failingSince, lastError: error }, now);
}

/**
 * Sends one claimed stream's backlog: for each source in turn, the next batch after its
 * cursor; the cursor moves only when the destination accepted the batch, so an outage loses
 * nothing and order holds per chain (at-least-once: a batch accepted but not acknowledged is
 * sent again, with the same seqs). The first failure ends the pass with a backoff. Answers
 * how many records were accepted.
 */
export async function pumpStream(streamId: string, deps: StreamWorkerDeps): Promise<number> {
  const stream = await db().evidenceStream.findUnique({ where: { id: streamId } });
  if (!stream || !stream.enabled || stream.deletedAt || !isStreamKind(stream.kind)) return 0;
  const started = deps.now().getTime();
  let target: SinkTarget;
  try {
    target = { id: stream.id, workspaceId: stream.workspaceId, kind: stream.kind, url: stream.url, settings: stream.settings as Record<string, unknown>, secret: await openStreamSecret(stream, stream.secretEnc) };
  } catch {
    await recordFailure(stream, "the destination's secret could not be opened: enter it again", deps);
    return 0;
  }
  let cachedHorizon: bigint | undefined;
  const horizon = async () => (cachedHorizon ??= await securityHorizon(deps.now().getTime(), deps.settleMs ?? SETTLE_MS));
  const sources = (["audit", "security_events", "checkpoints"] as const).filter((s) => stream.sources.includes(s));
  let delivered = 0;
  for (let progressed = true; progressed && deps.now().getTime() - started < (deps.budgetMs ?? BUDGET_MS); ) {
    progressed = false;
    for (const source of sources) {
      const batch = await nextBatch(stream, source, deps, horizon);
      if (!batch) continue;
      const from = stream[CURSOR_FIELD[source]];
      if (batch.records.length === 0) {
        // Nothing of ours up to the horizon: skip the cursor there, no send.
        if (!(await advance(stream, source, from, batch.advanceTo, {}, deps.now()))) return delivered;
        continue;
      }
      const at = deps.now();
      const t0 = performance.now();
      const outcome = await SINKS[stream.kind as keyof typeof SINKS](target, batch, { now: at, timeoutMs: deps.timeoutMs ?? TIMEOUT_MS });
      const latencyMs = Math.round(performance.now() - t0);
      if (!outcome.ok) {
        await logAttempt(stream, batch, at, latencyMs, outcome);
        await recordFailure(stream, outcome.error ?? "the destination refused the batch", deps, outcome.retryAfterMs);
        return delivered;
      }
      const now = deps.now();
      if (stream.failures > 0 || now.getTime() - (successLogged.get(stream.id) ?? 0) >= SUCCESS_LOG_MS) {
        successLogged.set(stream.id, now.getTime());
        await logAttempt(stream, batch, at, latencyMs, outcome);
      }
      const moved = await advance(stream, source, from, batch.advanceTo, {
        delivered: { increment: batch.records.length },
        lastSuccessAt: now,
        failures: 0,
        failingSince: null,
        stallNotifiedAt: null,
      }, now);
      if (!moved) {
        // Another worker took the stream over (our claim lapsed): it goes on from the cursor.
        log().warn({ stream: stream.id, source }, "evidence stream cursor moved under a lapsed claim");
        return delivered;
      }
      stream.failures = 0;
      stream.failingSince = null;
      delivered += batch.records.length;
      progressed = true;
    }
  }
  const now = deps.now();
  await db().evidenceStream.update({ where: { id: stream.id }, data: { lockedUntil: null, nextAttemptAt: now } });
  return delivered;
}

/** Prunes attempts past seven days, at most hourly per process. */
async function pruneAttempts(now: Date) {
  if (now.getTime() - prunedAt < 3_600_000) return;
  prunedAt = now.getTime();
  await db().evidenceStreamAttempt.deleteMany({ where: { startedAt: { lt: new Date(now.getTime() - ATTEMPTS_KEPT_MS) } } });
}

/**
 * One pass of the evidence-streams job: claim up to `limit` due streams and pump them side by
 * side. Answers the records delivered, so the runner drains a backlog without pausing.
 */
export async function runStreamsOnce(deps: StreamWorkerDeps, limit = 10): Promise<number> {
  const claimed = await claimDueStreams(limit, deps.now());
  const results = await Promise.all(
    claimed.map((id) =>
      pumpStream(id, deps).catch(async (err: unknown) => {
        log().error({ err, stream: id }, "evidence stream pass crashed; its claim lapses and a later pass retries");
        return 0;
      }),
    ),
  );
  if (claimed.length > 0) await pruneAttempts(deps.now());
  return results.reduce((a, b) => a + b, 0);
}
