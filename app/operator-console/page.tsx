import type { Metadata } from "next";
import Link from "next/link";
import { WorkspaceStatusBadge } from "@/components/operator/workspace-status";
import { FilterActions, filterInput } from "@/components/ui/filter-bar";
import { TableHead } from "@/components/ui/table-head";
import { staffPage } from "@/lib/entry/staff";
import { formatDateTime, formatRelative } from "@/lib/format/dates";
import { oneParam } from "@/lib/forms/url-filters";
import { consolePath } from "@/lib/operator/paths";
import { WORKSPACE_STATUSES, listWorkspaces, workspaceListSchema } from "@/lib/operator/workspaces";

export const metadata: Metadata = { title: "Workspaces" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ConsoleWorkspacesPage({ searchParams }: { searchParams: SearchParams }) {
  const ctx = await staffPage();
  const params = await searchParams;
  const query = workspaceListSchema.parse({ q: oneParam(params.q), status: oneParam(params.status), cursor: oneParam(params.cursor) });
  const page = await listWorkspaces(query, { data: ctx.data });
  const next = new URLSearchParams({ ...(query.q ? { q: query.q } : {}), ...(query.status ? { status: query.status } : {}), cursor: page.nextCursor ?? "" });
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Workspaces</h1>
        <p className="mt-1 text-sm text-slate-600">Every workspace on the platform, newest first. Suspending one is audited in its own log and emailed to its owners.</p>
      </div>
      <form method="get" action={consolePath()} className="grid gap-3 rounded-xl border border-slate-200 bg-surface p-4 sm:grid-cols-3" aria-label="Filter workspaces">
        <label className="text-xs font-medium text-slate-700">
          Slug or name
          <input name="q" type="search" maxLength={120} defaultValue={query.q} className={filterInput} />
        </label>
        <label className="text-xs font-medium text-slate-700">
          Status
          <select name="status" defaultValue={query.status ?? ""} className={filterInput}>
            <option value="">Any</option>
            {WORKSPACE_STATUSES.map((s) => (
              <option key={s} value={s}>{s}</option>
            ))}
          </select>
        </label>
        <FilterActions clearHref={consolePath()} span="" />
      </form>
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-surface px-5 py-2">
        {page.workspaces.length === 0 ? (
          <p className="py-6 text-center text-sm text-slate-600">No workspace matches.</p>
        ) : (
          <div className="relative overflow-x-auto" tabIndex={0}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Workspaces</caption>
            <TableHead columns={[{ label: "Workspace" }, { label: "Status" }, { label: "Members", align: "right" }, { label: "Active keys", align: "right" }, { label: "Last active" }, { label: "Created" }]} />
            <tbody className="divide-y divide-slate-100">
              {page.workspaces.map((w) => (
                <tr key={w.id} data-testid="console-workspace-row">
                  <td className="py-3 pr-4">
                    <Link href={consolePath(`/workspaces/${w.id}`)} className="font-medium text-brand-700 hover:underline">{w.name}</Link>
                    <div className="font-mono text-xs text-slate-500">{w.slug}</div>
                  </td>
                  <td className="py-3 pr-4"><WorkspaceStatusBadge status={w.status} /></td>
                  <td className="py-3 pr-4 text-right tabular-nums">{w.members}</td>
                  <td className="py-3 pr-4 text-right tabular-nums">{w.activeKeys}</td>
                  <td className="py-3 pr-4 text-slate-700">{w.lastActiveAt ? formatRelative(w.lastActiveAt) : "—"}</td>
                  <td className="py-3 text-slate-700"><time dateTime={w.createdAt.toISOString()}>{formatDateTime(w.createdAt)}</time></td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        )}
      </div>
      {page.nextCursor ? (
        <nav aria-label="Pages" className="flex justify-end text-sm">
          <Link href={`${consolePath()}?${next}`} className="text-brand-700 hover:underline">Older →</Link>
        </nav>
      ) : null}
    </div>
  );
}
