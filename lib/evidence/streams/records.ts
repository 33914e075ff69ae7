import "server-only";
import { chainKeyOf } from "../../audit/context";
import { db } from "../../db/client";
import { chainCheckpoints } from "../checkpoints";
import type { StreamSource } from "./kinds";

/**
 * What a stream sends, read from the tables that are already the outbox: audit rows are
 * committed with the change they record, security events when they happen. Each source is
 * read in its own order after the stream's cursor for it (decision 038):
 *   - audit: the chain's `seq`. A row's seq is assigned under the lock of the chain head, so
 *     seq order is commit order: nothing can appear behind a seq already read.
 *   - security events: the table's `id`, up to a horizon that ids handed out at least
 *     SETTLE_MS ago cannot pass (see securityHorizon), so a slow insert is never skipped.
 *   - checkpoints: the signed checkpoint's chain seq (decision 036), unique per chain.
 */

/** One streamed item in its wire form (the same JSON object for every kind of destination). */
export interface StreamRecord {
  source: StreamSource;
  /** The cursor value this record stands at (audit seq, security event id, checkpoint seq). */
  cursor: bigint;
  at: Date;
  body: Record<string, unknown>;
}

export interface StreamBatch {
  source: StreamSource;
  records: StreamRecord[];
  /** Where the cursor goes once the batch is accepted: the last record, or past empty ids. */
  advanceTo: bigint;
}

/** The chain a stream follows: a workspace's, or the platform's. */
export interface StreamScope {
  workspaceId: string | null;
}

/** Seq numbers and ids go out as JSON numbers: they stay far below 2^53. */
const num = (v: bigint) => Number(v);

export async function nextAuditBatch(scope: StreamScope, after: bigint, limit: number): Promise<StreamBatch | null> {
  const chainKey = chainKeyOf(scope.workspaceId);
  const rows = await db().auditLog.findMany({
    where: { chainKey, seq: { gt: after } },
    orderBy: { seq: "asc" },
    take: limit,
  });
  const last = rows.at(-1);
  if (!last) return null;
  return {
    source: "audit",
    advanceTo: last.seq,
    records: rows.map((r) => ({
      source: "audit",
      cursor: r.seq,
      at: r.occurredAt,
      body: {
        source: "audit",
        chain: r.chainKey,
        seq: num(r.seq),
        occurred_at: r.occurredAt.toISOString(),
        workspace_id: r.workspaceId,
        actor: { type: r.actorType, id: r.actorId, label: r.actorLabel },
        action: r.action,
        target: r.targetType || r.targetId || r.targetLabel ? { type: r.targetType, id: r.targetId, label: r.targetLabel } : null,
        changes: r.changes ?? null,
        ip: r.ip,
        user_agent: r.userAgent,
        request_id: r.requestId,
        prev_hash: r.prevHash,
        hash: r.hash,
      },
    })),
  };
}

/** How long an id must have been handed out before rows up to it are read (see securityHorizon). */
export const SETTLE_MS = 2000;

const samples: { at: number; value: bigint }[] = [];

/**
 * The highest security-event id that is safe to read past. Ids come from a sequence when a
 * row is inserted, but rows become visible when their transaction commits, so id 6 can be
 * visible while id 5 is still being written; a cursor moved to 6 would skip 5 for ever. The
 * sequence's value is sampled at each pass and the horizon is the newest sample at least
 * `settleMs` old: every id up to it was handed out that long ago, and security events are
 * single-statement inserts that finish in milliseconds (or roll back and never appear).
 * Per process: a fresh process waits one settle period before streaming security events.
 */
export async function securityHorizon(nowMs: number, settleMs = SETTLE_MS): Promise<bigint> {
  const [row] = await db().$queryRaw<{ v: bigint | null }[]>`
    SELECT pg_sequence_last_value(pg_get_serial_sequence('security_events', 'id')::regclass) AS v`;
  const value = BigInt(row?.v ?? 0);
  if (settleMs <= 0) return value;
  samples.push({ at: nowMs, value });
  let horizon = 0n;
  let keepFrom = 0;
  samples.forEach((s, i) => {
    if (nowMs - s.at >= settleMs) {
      horizon = s.value;
      keepFrom = i;
    }
  });
  samples.splice(0, keepFrom);
  if (samples.length > 1000) samples.splice(0, samples.length - 1000);
  return horizon;
}

export async function nextSecurityBatch(scope: StreamScope, after: bigint, limit: number, horizon: bigint): Promise<StreamBatch | null> {
  if (horizon <= after) return null;
  const rows = await db().securityEvent.findMany({
    where: { workspaceId: scope.workspaceId, id: { gt: after, lte: horizon } },
    orderBy: { id: "asc" },
    take: limit,
  });
  const last = rows.at(-1);
  // A short page means every id up to the horizon has been seen: the cursor may skip to it,
  // so the next read (and the claim's check for work) starts from there, not from an old id.
  const advanceTo = rows.length < limit ? horizon : last!.id;
  return {
    source: "security_events",
    advanceTo,
    records: rows.map((e) => ({
      source: "security_events",
      cursor: e.id,
      at: e.occurredAt,
      body: {
        source: "security_events",
        chain: chainKeyOf(e.workspaceId),
        seq: num(e.id),
        occurred_at: e.occurredAt.toISOString(),
        workspace_id: e.workspaceId,
        type: e.type,
        count: e.count,
        ip: e.ip,
        user_id: e.userId,
        request_id: e.requestId,
        user_agent: e.userAgent,
        details: e.details ?? null,
      },
    })),
  };
}

/**
 * The chain's signed checkpoints after `after` (their seq), each sent as the verifier reads it
 * (`checkpoint`: id, chain, seq, hash, at, kid, signature), so a receiver can check its copy of
 * the rows against the signatures without asking Switchboard.
 */
export async function nextCheckpointBatch(scope: StreamScope, after: bigint, limit: number): Promise<StreamBatch | null> {
  const rows = await chainCheckpoints(chainKeyOf(scope.workspaceId), { afterSeq: after, limit });
  const last = rows.at(-1);
  if (!last) return null;
  return {
    source: "checkpoints",
    advanceTo: BigInt(last.seq),
    records: rows.map((c) => ({
      source: "checkpoints",
      cursor: BigInt(c.seq),
      at: new Date(c.at),
      body: { source: "checkpoints", chain: c.chain, seq: Number(c.seq), occurred_at: c.at, checkpoint: c },
    })),
  };
}
