import type { WorkspaceContext } from "../authz/context";
import { AppError } from "../core/errors";
import { parseCallsPage } from "./dashboard-query";
import { opened } from "../export/cursor-csv";
import { callsCsv, countCalls } from "./export";
import { CALL_EXPORT_PERMISSION } from "./export-access";

/**
 * The dashboard's CSV download: the page's filters, the export permission, an audit entry
 * naming the filters and row count (never a number: the caller filter is recorded only as
 * present), then the stream.
 */
export async function exportCallLog(ctx: WorkspaceContext, search: URLSearchParams, requestId: string): Promise<Response> {
  await ctx.require(CALL_EXPORT_PERMISSION);
  const state = parseCallsPage(Object.fromEntries(search));
  if (state.errors.length > 0) throw new AppError("VALIDATION_FAILED", state.errors.join(" "));
  const { from, to, direction, status, caller } = state.query;
  const filters = { from, to, direction, status, caller };
  const viewer = ctx.inMode(state.mode);
  const rows = await countCalls(viewer, filters);
  await ctx.audit("calls.exported", { type: "calls", id: null, label: `${rows} ${state.mode} calls` }, {
    after: {
      mode: state.mode,
      rows,
      from: filters.from ?? null,
      to: filters.to ?? null,
      direction: filters.direction ?? null,
      status: filters.status ?? null,
      caller_filter: filters.caller ? "set" : null,
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(await opened(await callsCsv(viewer, filters)), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${ctx.workspace.slug}-${state.mode}-calls-${stamp}.csv"`,
      "cache-control": "private, no-store",
      "x-export-rows": String(rows),
      "x-request-id": requestId,
    },
  });
}
