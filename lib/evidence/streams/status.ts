import "server-only";
import type { Principal } from "../../authz/principal";
import type { Prisma } from "../../db/generated/client";
import { chainKeyOf } from "../../audit/context";
import { isStreamKind, STREAM_SOURCES, type StreamKind, type StreamSource } from "./kinds";
import { STALL_AFTER_MS } from "./stall";

/** How far a source of a stream is behind: records not yet accepted and the oldest one's age. */
export interface SourceLag {
  source: StreamSource;
  cursor: number;
  behind: number;
  /** When the oldest record not yet accepted happened; null when caught up. */
  oldestPendingAt: Date | null;
}

export interface StreamAttemptView {
  id: string;
  startedAt: Date;
  source: string;
  events: number;
  firstSeq: number;
  lastSeq: number;
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
}

/** A stream as the dashboard shows it: never its secret, only the secret's last four characters. */
export interface StreamView {
  id: string;
  name: string;
  kind: StreamKind;
  url: string;
  sources: StreamSource[];
  settings: Record<string, unknown>;
  enabled: boolean;
  secretLast4: string;
  createdAt: Date;
  delivered: number;
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  failingSince: Date | null;
  nextAttemptAt: Date;
  /** Failing for longer than STALL_AFTER_MS (owners have been emailed). */
  isStalled: boolean;
  lag: SourceLag[];
  /** The most recent attempts, errors first in importance: newest first. */
  attempts: StreamAttemptView[];
}

const SECURITY_COUNT_CAP = 100_000;

async function lagOf(tx: Prisma.TransactionClient, stream: { workspaceId: string | null; sources: string[]; auditCursor: bigint; securityCursor: bigint; checkpointCursor: bigint }): Promise<SourceLag[]> {
  const lags: SourceLag[] = [];
  for (const source of STREAM_SOURCES) {
    if (!stream.sources.includes(source)) continue;
    if (source === "audit") {
      const chainKey = chainKeyOf(stream.workspaceId);
      const [head, oldest] = await Promise.all([
        tx.auditLog.findFirst({ where: { chainKey }, orderBy: { seq: "desc" }, select: { seq: true } }),
        tx.auditLog.findFirst({ where: { chainKey, seq: { gt: stream.auditCursor } }, orderBy: { seq: "asc" }, select: { seq: true, occurredAt: true } }),
      ]);
      // Retention may have removed rows behind the cursor's seq; count from the oldest left.
      const behind = oldest && head ? Number(head.seq - oldest.seq) + 1 : 0;
      lags.push({ source, cursor: Number(stream.auditCursor), behind, oldestPendingAt: oldest?.occurredAt ?? null });
    } else if (source === "security_events") {
      const where = { workspaceId: stream.workspaceId, id: { gt: stream.securityCursor } };
      const [pending, oldest] = await Promise.all([
        tx.securityEvent.findMany({ where, select: { id: true }, take: SECURITY_COUNT_CAP, orderBy: { id: "asc" } }),
        tx.securityEvent.findFirst({ where, orderBy: { id: "asc" }, select: { occurredAt: true } }),
      ]);
      lags.push({ source, cursor: Number(stream.securityCursor), behind: pending.length, oldestPendingAt: oldest?.occurredAt ?? null });
    } else {
      const pending = await tx.auditSignedCheckpoint.findMany({
        where: { chainKey: chainKeyOf(stream.workspaceId), seq: { gt: stream.checkpointCursor } },
        orderBy: { seq: "asc" },
        select: { signedAt: true },
        take: SECURITY_COUNT_CAP,
      });
      lags.push({ source, cursor: Number(stream.checkpointCursor), behind: pending.length, oldestPendingAt: pending[0]?.signedAt ?? null });
    }
  }
  return lags;
}

/**
 * The streams of one chain (a workspace's through its RLS-scoped transaction, or the
 * platform's), newest first, with each source's lag and the last attempts.
 */
export async function streamViews(tx: Prisma.TransactionClient, workspaceId: string | null, now = new Date()): Promise<StreamView[]> {
  const rows = await tx.evidenceStream.findMany({
    where: { workspaceId, deletedAt: null },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 50,
  });
  const views: StreamView[] = [];
  for (const r of rows) {
    if (!isStreamKind(r.kind)) continue;
    const attempts = await tx.evidenceStreamAttempt.findMany({ where: { streamId: r.id }, orderBy: { startedAt: "desc" }, take: 10 });
    views.push({
      id: r.id,
      name: r.name,
      kind: r.kind,
      url: r.url,
      sources: r.sources.filter((s): s is StreamSource => (STREAM_SOURCES as readonly string[]).includes(s)),
      settings: r.settings as Record<string, unknown>,
      enabled: r.enabled,
      secretLast4: r.secretLast4,
      createdAt: r.createdAt,
      delivered: Number(r.delivered),
      lastSuccessAt: r.lastSuccessAt,
      lastError: r.lastError,
      lastErrorAt: r.lastErrorAt,
      failingSince: r.failingSince,
      nextAttemptAt: r.nextAttemptAt,
      isStalled: !!r.failingSince && now.getTime() - r.failingSince.getTime() >= STALL_AFTER_MS,
      lag: await lagOf(tx, r),
      attempts: attempts.map((a) => ({
        id: String(a.id),
        startedAt: a.startedAt,
        source: a.source,
        events: a.events,
        firstSeq: Number(a.firstSeq),
        lastSeq: Number(a.lastSeq),
        statusCode: a.statusCode,
        error: a.error,
        latencyMs: a.latencyMs,
      })),
    });
  }
  return views;
}

/** The workspace's streams for its dashboard: anyone who reads the audit log sees their health. */
export async function listStreams(viewer: Principal, now = new Date()): Promise<StreamView[]> {
  await viewer.require("audit:read");
  return viewer.data((tx) => streamViews(tx, viewer.workspace.id, now));
}
