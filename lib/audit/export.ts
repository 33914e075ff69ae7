import type { WorkspaceContext } from "../authz/context";
import { AppError } from "../core/errors";
import { Prisma } from "../db/generated/client";
import { cursorCsv, FORMULA_SAFE, opened } from "../export/cursor-csv";
import { auditWhere, parseAuditPage, type AuditQuery } from "./entries";

export const AUDIT_EXPORT_COLUMNS = [
  "id",
  "occurred_at",
  "actor_type",
  "actor_label",
  "action",
  "target_type",
  "target_id",
  "target_label",
  "ip",
  "request_id",
  "changes",
] as const;

export const AUDIT_EXPORT_PERMISSION = "audit:read" as const;

interface ExportRow {
  id: bigint;
  occurred_at: Date;
  actor_type: string;
  actor_label: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  target_label: string | null;
  ip: string | null;
  request_id: string | null;
  changes: unknown;
}

/**
 * How many rows match, and the newest matching sequence number: the export is bounded by it,
 * so the file has exactly the announced rows even while new entries (its own
 * `audit.exported` among them) are appended.
 */
export async function countAudit(ctx: Pick<WorkspaceContext, "data" | "workspace">, q: AuditQuery): Promise<{ rows: number; upToSeq: bigint }> {
  const [row] = await ctx.data((tx) => tx.$queryRaw<{ n: bigint; top: bigint | null }[]>`SELECT count(*) AS n, max(seq) AS top FROM audit_logs WHERE ${auditWhere(ctx.workspace.id, q)}`);
  // count(*) always answers one row; without one, nothing matched.
  return { rows: Number(row?.n ?? 0), upToSeq: row?.top ?? 0n };
}

/**
 * The filtered audit log as CSV, newest first (the page's order), streamed from a cursor in
 * the workspace's RLS scope. Labels and `changes` carry user-typed text, so every string cell
 * goes through the formula guard (`FORMULA_SAFE`).
 */
export function auditCsv(workspaceId: string, q: AuditQuery, upToSeq: bigint): ReadableStream<Uint8Array> {
  return cursorCsv<ExportRow>({
    workspaceId,
    cursorName: "audit_export",
    label: "audit export",
    header: AUDIT_EXPORT_COLUMNS,
    select: Prisma.sql`SELECT id, occurred_at, actor_type, actor_label, action, target_type, target_id, target_label, ip, request_id, changes
      FROM audit_logs WHERE ${auditWhere(workspaceId, q)} AND seq <= ${upToSeq} ORDER BY seq DESC`,
    stringifyOptions: FORMULA_SAFE,
    records: (rows) =>
      rows.map((r) => [
        String(r.id),
        r.occurred_at.toISOString(),
        r.actor_type,
        r.actor_label ?? "",
        r.action,
        r.target_type ?? "",
        r.target_id ?? "",
        r.target_label ?? "",
        r.ip ?? "",
        r.request_id ?? "",
        r.changes == null ? "" : JSON.stringify(r.changes),
      ]),
  });
}

/**
 * The audit page's CSV download: the page's filters, `audit:read`, an `audit.exported` entry
 * naming the filters and row count, then the stream.
 */
export async function exportAuditLog(ctx: WorkspaceContext, search: URLSearchParams, requestId: string): Promise<Response> {
  await ctx.require(AUDIT_EXPORT_PERMISSION);
  const state = parseAuditPage(Object.fromEntries(search));
  if (state.errors.length > 0) throw new AppError("VALIDATION_FAILED", state.errors.join(" "));
  const { rows, upToSeq } = await countAudit(ctx, state.query);
  const f = state.filters;
  await ctx.audit("audit.exported", { type: "audit_log", id: null, label: `${rows} audit entries` }, {
    after: {
      rows,
      actor_type: f.actor_type ?? null,
      actor: f.actor ?? null,
      action: f.action ?? null,
      target_type: f.target_type ?? null,
      target_id: f.target_id ?? null,
      from: f.from ?? null,
      to: f.to ?? null,
      ip: f.ip ?? null,
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(await opened(auditCsv(ctx.workspace.id, state.query, upToSeq)), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${ctx.workspace.slug}-audit-${stamp}.csv"`,
      "cache-control": "private, no-store",
      "x-export-rows": String(rows),
      "x-request-id": requestId,
    },
  });
}
