"use client";

import { createColumnHelper, flexRender, getCoreRowModel, getExpandedRowModel, useReactTable, type ExpandedState } from "@tanstack/react-table";
import { Fragment, useState } from "react";
import type { ChangeRow } from "@/lib/audit/entries";
import { DateTime } from "@/components/ui/date-time";

export interface AuditTableRow {
  seq: string;
  occurredAt: string;
  occurredLabel: string;
  actorType: string;
  actorLabel: string | null;
  actorId: string | null;
  action: string;
  target: string;
  ip: string | null;
  requestId: string | null;
  userAgent: string | null;
  diff: ChangeRow[];
}

const column = createColumnHelper<AuditTableRow>();

function ChangesDiff({ rows }: { rows: ChangeRow[] }) {
  if (rows.length === 0) return <p className="text-xs text-slate-500">No before/after recorded.</p>;
  return (
    <table className="w-full text-left text-xs" data-testid="audit-diff">
      <thead className="text-slate-500">
        <tr>
          <th scope="col" className="py-1 pr-4 font-medium">Field</th>
          <th scope="col" className="py-1 pr-4 font-medium">Before</th>
          <th scope="col" className="py-1 pr-4 font-medium">After</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 font-mono">
        {rows.map((r) => (
          <tr key={r.key} data-changed={r.changed || undefined}>
            <th scope="row" className="py-1 pr-4 font-medium text-slate-700">{r.key}</th>
            <td className={`whitespace-pre-wrap break-all py-1 pr-4 ${r.changed && r.before !== null ? "bg-red-50 text-red-800" : "text-slate-600"}`}>{r.before ?? "—"}</td>
            <td className={`whitespace-pre-wrap break-all py-1 pr-4 ${r.changed && r.after !== null ? "bg-emerald-50 text-emerald-800" : "text-slate-600"}`}>{r.after ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The audit log. Paging and filtering happen on the server (keyset pages of the workspace's
 * chain); a row expands to its before/after diff and request details.
 */
export function AuditTable({ rows, openSeq }: { rows: AuditTableRow[]; openSeq?: string }) {
  const [expanded, setExpanded] = useState<ExpandedState>(() => (openSeq ? { [openSeq]: true } : {}));
  const columns = [
    column.display({
      id: "expand",
      header: () => <span className="sr-only">Details</span>,
      cell: ({ row }) => (
        <button type="button" onClick={row.getToggleExpandedHandler()} aria-expanded={row.getIsExpanded()} aria-label={`Details of entry #${row.original.seq}`} className="rounded px-1 text-slate-500 hover:bg-slate-100">
          {row.getIsExpanded() ? "▾" : "▸"}
        </button>
      ),
    }),
    column.accessor("seq", { header: "#", cell: ({ getValue }) => <span className="font-mono text-xs text-slate-500">{getValue()}</span> }),
    column.accessor("occurredLabel", { header: "When", cell: ({ row }) => <DateTime iso={row.original.occurredAt} /> }),
    column.accessor("actorLabel", {
      header: "Actor",
      cell: ({ row }) => (
        <span>
          <span className="text-slate-900">{row.original.actorLabel ?? row.original.actorId ?? "—"}</span>{" "}
          <span className="text-xs text-slate-500">{row.original.actorType}</span>
        </span>
      ),
    }),
    column.accessor("action", { header: "Action", cell: ({ getValue }) => <span className="font-mono text-xs">{getValue()}</span> }),
    column.accessor("target", { header: "Target", cell: ({ getValue }) => <span className="text-xs">{getValue() || "—"}</span> }),
    column.accessor("ip", { header: "IP", cell: ({ getValue }) => <span className="font-mono text-xs">{getValue() ?? "—"}</span> }),
  ];
  // TanStack Table returns fresh functions each render; React Compiler skips this component.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: rows,
    columns,
    getRowId: (r) => r.seq,
    state: { expanded },
    onExpandedChange: setExpanded,
    getRowCanExpand: () => true,
    getCoreRowModel: getCoreRowModel(),
    getExpandedRowModel: getExpandedRowModel(),
    manualPagination: true,
    manualFiltering: true,
  });
  return (
    <div className="relative overflow-x-auto" tabIndex={0}>
      <table className="w-full text-left text-sm" data-testid="audit-table">
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id}>
              {hg.headers.map((header) => (
                <th key={header.id} scope="col" className="py-2 pr-4 font-medium">
                  {flexRender(header.column.columnDef.header, header.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-slate-100">
          {table.getRowModel().rows.map((row) => (
            <Fragment key={row.id}>
              <tr className="hover:bg-slate-50" data-testid="audit-row">
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className="whitespace-nowrap py-2 pr-4 align-middle">{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                ))}
              </tr>
              {row.getIsExpanded() ? (
                <tr className="bg-slate-50/60" data-testid="audit-detail">
                  <td />
                  <td colSpan={row.getVisibleCells().length - 1} className="py-3 pr-4">
                    <ChangesDiff rows={row.original.diff} />
                    <dl className="mt-3 grid gap-x-6 gap-y-1 text-xs text-slate-600 sm:grid-cols-[auto_1fr]">
                      <dt className="font-medium">Actor id</dt>
                      <dd className="font-mono">{row.original.actorId ?? "—"}</dd>
                      <dt className="font-medium">Request id</dt>
                      <dd className="font-mono">{row.original.requestId ?? "—"}</dd>
                      <dt className="font-medium">User agent</dt>
                      <dd className="break-all">{row.original.userAgent ?? "—"}</dd>
                    </dl>
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </tbody>
      </table>
      {rows.length === 0 ? <p className="py-8 text-center text-sm text-slate-500">No audit entries match these filters.</p> : null}
    </div>
  );
}
