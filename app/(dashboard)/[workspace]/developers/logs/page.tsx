import type { Metadata } from "next";
import { LogDetail } from "@/components/request-logs/log-detail";
import { LogFilters } from "@/components/request-logs/log-filters";
import { LogTable } from "@/components/request-logs/log-table";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { FilterChips } from "@/components/ui/filter-chips";
import { Pager, pageSummary } from "@/components/ui/pager";
import { displayKey } from "@/lib/api-keys/format";
import { listApiKeys } from "@/lib/api-keys/keys";
import { memberPage } from "@/lib/entry/page";
import { logChips, logsHref, parseLogsPage } from "@/lib/request-logs/page-state";
import { countRequestLogs, listLogsForPage, LOGS_PAGE_SIZE } from "@/lib/request-logs/query";

export const metadata: Metadata = { title: "Request logs" };

type Params = Promise<{ workspace: string }>;
type Search = Promise<Record<string, string | string[] | undefined>>;

/** Developers → Logs (issue 19): every /api/v1 request of this workspace's keys, findable by its request id. */
export default async function LogsPage({ params, searchParams }: { params: Params; searchParams: Search }) {
  const { workspace: slug } = await params;
  const ctx = await memberPage(slug, "api_keys:read");
  const state = parseLogsPage(await searchParams);
  const [keys, page, total] = await Promise.all([
    listApiKeys(ctx),
    listLogsForPage(ctx.data, ctx.workspace.id, state),
    state.errors.length > 0 ? undefined : countRequestLogs(ctx.data, ctx.workspace.id, state.filters),
  ]);
  const errors = [...state.errors, ...page.errors];
  const keyOptions = keys.map((k) => ({ id: k.id, label: `${k.name} (${displayKey(k.prefix, k.last4)})` }));
  const single = state.filters.request_id && page.rows.length === 1 ? page.rows[0] : undefined;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Request logs</h1>
        <p className="mt-1 text-sm text-slate-600">
          Every API request made with this workspace&apos;s keys, kept for the workspace&apos;s retention (a year by default). Paste the{" "}
          <code className="font-mono">X-Request-Id</code> of a response, or the <code className="font-mono">request_id</code> of an error, to find it.
        </p>
      </div>
      {errors.length > 0 ? <Alert tone="error">{errors.join(" ")}</Alert> : null}
      <Card>
        <LogFilters slug={slug} values={state.values} keys={keyOptions} />
        <div className="mt-4">
          <FilterChips chips={logChips(slug, state, keyOptions)} clearHref={`/${slug}/developers/logs`} />
        </div>
      </Card>
      {single ? (
        <Card>
          <LogDetail row={single} />
        </Card>
      ) : state.filters.request_id && page.rows.length === 0 && errors.length === 0 ? (
        <Alert tone="info">No request with the id {state.filters.request_id} in this workspace. A request appears within a second of its response; one refused before its key was recognised (a missing or invalid key) is not recorded.</Alert>
      ) : null}
      <Card title="Requests">
        <LogTable rows={page.rows} hrefOf={(r) => logsHref(slug, { ...state, values: {}, cursor: undefined }, { request_id: r.requestId })} />
        <Pager
          trail={state.trail}
          cursor={state.cursor}
          nextCursor={page.nextCursor}
          hrefOf={(change) => logsHref(slug, state, change)}
          firstLabel="Newest"
          nextLabel="Older requests"
          summary={pageSummary(state.trail, state.cursor, LOGS_PAGE_SIZE, page.rows.length, total)}
        />
      </Card>
    </div>
  );
}
