import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditFilters } from "@/components/audit/audit-filters";
import { auditTableRows } from "@/components/audit/audit-rows";
import { AuditTable } from "@/components/audit/audit-table";
import { ChainBadgePending, ChainBadgeView } from "@/components/audit/chain-badge";
import { ExportButton } from "@/components/calls/export-button";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { FilterChips } from "@/components/ui/filter-chips";
import { Pager, pageSummary } from "@/components/ui/pager";
import { AUDIT_PAGE_SIZE, auditHref, countAuditEntries, FILTER_KEYS, listAuditPage, parseAuditPage } from "@/lib/audit/entries";
import { memberPage } from "@/lib/entry/page";

export const metadata: Metadata = { title: "Audit log" };

type Params = Promise<{ workspace: string }>;

const AUDIT_FILTER_NAMES: Record<(typeof FILTER_KEYS)[number], string> = {
  actor_type: "Actor type",
  actor: "Actor",
  action: "Action",
  target_type: "Target type",
  target_id: "Target id",
  from: "From",
  to: "To",
  ip: "IP address",
};
type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function AuditPage({ params, searchParams }: { params: Params; searchParams: Search }) {
  const { workspace: slug } = await params;
  const ctx = await memberPage(slug, "audit:read");
  const state = parseAuditPage(await searchParams);
  const [page, total] =
    state.errors.length > 0
      ? [{ entries: [], nextCursor: null }, undefined]
      : await Promise.all([listAuditPage(ctx.data, ctx.workspace.id, state.query, { cursor: state.cursor }), countAuditEntries(ctx.data, ctx.workspace.id, state.query)]);
  const exportParams = new URLSearchParams(FILTER_KEYS.flatMap((k) => (state.filters[k] ? [[k, state.filters[k]!]] : [])));
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
          <p className="mt-1 text-sm text-slate-600">Every sensitive action in this workspace. Entries are append-only and hash-chained.</p>
        </div>
        {/* Verifying re-hashes the whole chain: the table does not wait for it. */}
        <Suspense fallback={<ChainBadgePending />}>
          <ChainBadgeView workspaceId={ctx.workspace.id} />
        </Suspense>
      </div>
      {state.errors.length > 0 ? <Alert tone="error">{state.errors.join(" ")}</Alert> : null}
      <Card>
        <AuditFilters slug={slug} state={state} />
        <div className="mt-4">
          <FilterChips
            chips={FILTER_KEYS.filter((k) => state.filters[k]).map((k) => ({
              name: AUDIT_FILTER_NAMES[k],
              value: state.filters[k]!,
              removeHref: auditHref(slug, state, { [k]: undefined, cursor: undefined, entry: undefined }),
            }))}
            clearHref={`/${slug}/audit`}
          />
        </div>
      </Card>
      <Card title="Entries" actions={<ExportButton href={`/${slug}/audit/export${exportParams.size ? `?${exportParams}` : ""}`} estimate={0} />}>
        <AuditTable
          openSeq={state.open}
          rows={auditTableRows(page.entries)}
        />
        <Pager
          trail={state.trail}
          cursor={state.cursor}
          nextCursor={page.nextCursor}
          hrefOf={(change) => auditHref(slug, state, { ...change, entry: undefined })}
          firstLabel="Newest"
          nextLabel="Older entries"
          summary={pageSummary(state.trail, state.cursor, AUDIT_PAGE_SIZE, page.entries.length, total)}
        />
      </Card>
    </div>
  );
}
