import type { Prisma } from "../db/generated/client";
import { decodeCursor, encodeCursor } from "../core/pagination";
import type { TenantTx } from "../db/scoped";
import { AppError } from "../core/errors";
import { cappedCount, COUNT_CAP, type CappedCount } from "../core/page-trail";
import type { LogsPageState } from "./page-state";
import type { RequestLogFilters } from "./schemas";
import type { RequestLogEntry } from "./writer";

/**
 * One workspace's request logs, newest first, keyset-paginated on (occurred_at, id) — the
 * primary key's order after the workspace, so a page is an index range on each partition
 * and `from`/`to` prune whole partitions. Read in the workspace's scope (RLS).
 */
type Scoped = <T>(fn: (tx: TenantTx) => Promise<T>) => Promise<T>;

/** A stored request as the page and the API read it: what the writer noted, with its row id. */
export type RequestLogRow = Omit<RequestLogEntry, "workspaceId" | "permission"> & { id: string };

function statusWhere(status: string | undefined): Prisma.RequestLogWhereInput {
  if (!status) return {};
  if (status.endsWith("xx")) {
    const low = Number(status[0]) * 100;
    return { status: { gte: low, lt: low + 100 } };
  }
  return { status: Number(status) };
}

export function requestLogWhere(workspaceId: string, f: RequestLogFilters): Prisma.RequestLogWhereInput {
  return {
    workspaceId,
    ...(f.request_id ? { requestId: f.request_id } : {}),
    ...(f.key_id ? { keyId: f.key_id } : {}),
    ...(f.method ? { method: f.method } : {}),
    ...(f.path ? { path: { startsWith: f.path } } : {}),
    ...statusWhere(f.status),
    ...(f.from || f.to ? { occurredAt: { ...(f.from ? { gte: new Date(f.from) } : {}), ...(f.to ? { lt: new Date(f.to) } : {}) } } : {}),
  };
}

const select = {
  id: true, requestId: true, occurredAt: true, method: true, route: true, path: true, status: true, errorCode: true,
  durationMs: true, keyId: true, keyDisplay: true, mode: true, ip: true, userAgent: true, responseBytes: true,
} as const;

export async function listRequestLogs(
  data: Scoped,
  workspaceId: string,
  filters: RequestLogFilters,
  options: { limit: number; cursor?: string },
): Promise<{ rows: RequestLogRow[]; nextCursor: string | null }> {
  const after = decodeCursor(options.cursor);
  const where: Prisma.RequestLogWhereInput = {
    AND: [
      requestLogWhere(workspaceId, filters),
      after ? { OR: [{ occurredAt: { lt: new Date(after.at) } }, { occurredAt: new Date(after.at), id: { lt: after.id } }] } : {},
    ],
  };
  const found = await data((tx) => tx.requestLog.findMany({ where, orderBy: [{ occurredAt: "desc" }, { id: "desc" }], take: options.limit + 1, select }));
  const rows = found.slice(0, options.limit) as RequestLogRow[];
  const last = rows.at(-1);
  return { rows, nextCursor: found.length > options.limit && last ? encodeCursor({ at: last.occurredAt.toISOString(), id: last.id }) : null };
}

/** How many requests match the filters, up to COUNT_CAP. */
export async function countRequestLogs(data: Scoped, workspaceId: string, filters: RequestLogFilters): Promise<CappedCount> {
  const n = await data((tx) => tx.requestLog.count({ where: requestLogWhere(workspaceId, filters), take: COUNT_CAP + 1 }));
  return cappedCount(n);
}

/** A row as the API shows it (`RequestLog` in the OpenAPI document). */
export const requestLogJson = (r: RequestLogRow) => ({
  id: r.id,
  request_id: r.requestId,
  occurred_at: r.occurredAt.toISOString(),
  method: r.method,
  route: r.route,
  path: r.path,
  status: r.status,
  error_code: r.errorCode,
  duration_ms: Math.round(r.durationMs * 100) / 100,
  key: { id: r.keyId, display: r.keyDisplay },
  mode: r.mode,
  ip: r.ip,
  user_agent: r.userAgent,
  response_bytes: r.responseBytes,
});

/** The Logs page's rows: a cursor that does not decode is reported, not thrown at the page. */
/** Rows per page of the Logs table. */
export const LOGS_PAGE_SIZE = 50;

export async function listLogsForPage(data: Scoped, workspaceId: string, state: LogsPageState): Promise<{ rows: RequestLogRow[]; nextCursor: string | null; errors: string[] }> {
  if (state.errors.length > 0) return { rows: [], nextCursor: null, errors: [] };
  try {
    return { ...(await listRequestLogs(data, workspaceId, state.filters, { limit: LOGS_PAGE_SIZE, cursor: state.cursor })), errors: [] };
  } catch (error) {
    if (error instanceof AppError && error.code === "VALIDATION_FAILED") return { rows: [], nextCursor: null, errors: ["cursor: invalid — start from the newest."] };
    throw error;
  }
}
