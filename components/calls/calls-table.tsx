"use client";

import { createColumnHelper, flexRender, getCoreRowModel, useReactTable, type VisibilityState } from "@tanstack/react-table";
import Link from "next/link";
import { useEffect, useState } from "react";
import { StatusBadge } from "./status-badge";
import { DateTime } from "@/components/ui/date-time";

export interface CallTableRow {
  id: string;
  href: string;
  startedAt: string;
  direction: string;
  caller: string;
  unmasked: boolean;
  to: string;
  duration: string;
  status: string;
  hasTranscript: boolean;
  hasRecording: boolean;
}

export type SortLinks = Record<"started_at" | "duration_seconds", { href: string; sorted: "asc" | "desc" | false }>;

const STORAGE_KEY = "sb.calls.columns";
const column = createColumnHelper<CallTableRow>();

function SortHeader({ label, link }: { label: string; link: SortLinks[keyof SortLinks] }) {
  return (
    <Link href={link.href} className="inline-flex items-center gap-1 uppercase hover:text-slate-800" scroll={false}>
      {label}
      <span aria-hidden>{link.sorted === "asc" ? "▲" : link.sorted === "desc" ? "▼" : "↕"}</span>
    </Link>
  );
}

/**
 * The call log. Paging, sorting and filtering happen on the server (keyset pages of the
 * same query the API runs); the table renders a page and remembers which columns you hide.
 */
export function CallsTable({ rows, sortLinks, empty }: { rows: CallTableRow[]; sortLinks: SortLinks; empty: React.ReactNode }) {
  const [visibility, setVisibility] = useState<VisibilityState>({});
  useEffect(() => {
    try {
      const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "{}") as VisibilityState;
      setVisibility(saved);
    } catch {
      /* a bad saved value: show every column */
    }
  }, []);
  const columns = [
    column.accessor("startedAt", {
      id: "started_at",
      header: () => <SortHeader label="Started" link={sortLinks.started_at} />,
      cell: ({ row }) => (
        <Link href={row.original.href} scroll={false} className="font-medium text-slate-900 hover:underline" data-testid="call-link">
          <DateTime iso={row.original.startedAt} />
        </Link>
      ),
      enableHiding: false,
    }),
    column.accessor("caller", {
      header: "Caller",
      cell: ({ row }) => (
        <span className="font-mono text-xs" data-testid="call-caller" data-unmasked={row.original.unmasked || undefined}>
          {row.original.caller}
        </span>
      ),
    }),
    column.accessor("direction", { header: "Direction", cell: ({ getValue }) => (getValue() === "inbound" ? "Inbound" : "Outbound") }),
    column.accessor("to", { header: "Our number", cell: ({ getValue }) => <span className="font-mono text-xs">{getValue()}</span> }),
    column.accessor("duration", { id: "duration_seconds", header: () => <SortHeader label="Duration" link={sortLinks.duration_seconds} /> }),
    column.accessor("status", { header: "Status", cell: ({ getValue }) => <StatusBadge status={getValue()} /> }),
    column.display({
      id: "media",
      header: "Media",
      cell: ({ row }) => (
        <span className="text-xs text-slate-600">
          {[row.original.hasTranscript ? "Transcript" : null, row.original.hasRecording ? "Recording" : null].filter(Boolean).join(" · ") || "—"}
        </span>
      ),
    }),
  ];
  // TanStack Table returns fresh functions each render; React Compiler skips this component.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: rows,
    columns,
    state: { columnVisibility: visibility },
    onColumnVisibilityChange: (updater) => {
      setVisibility((old) => {
        const next = typeof updater === "function" ? updater(old) : updater;
        localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
        return next;
      });
    },
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
  });
  return (
    <div>
      <details className="relative mb-3 inline-block text-sm">
        <summary className="cursor-pointer rounded-md border border-slate-300 bg-surface px-3 py-1.5 text-slate-700 hover:bg-slate-50">Columns</summary>
        <fieldset className="absolute z-10 mt-1 w-48 space-y-1 rounded-md border border-slate-200 bg-surface p-3 shadow-lg">
          <legend className="sr-only">Visible columns</legend>
          {table.getAllLeafColumns().filter((c) => c.getCanHide()).map((c) => (
            <label key={c.id} className="flex items-center gap-2">
              <input type="checkbox" checked={c.getIsVisible()} onChange={c.getToggleVisibilityHandler()} />
              {typeof c.columnDef.header === "string" ? c.columnDef.header : c.id === "duration_seconds" ? "Duration" : c.id}
            </label>
          ))}
        </fieldset>
      </details>
      <div className="relative overflow-x-auto" tabIndex={0}>
        <table className="w-full text-left text-sm" data-testid="calls-table">
          <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
            {table.getHeaderGroups().map((hg) => (
              <tr key={hg.id}>
                {hg.headers.map((header) => {
                  const link = sortLinks[header.column.id as keyof SortLinks];
                  const sorted = link?.sorted;
                  return (
                    <th key={header.id} scope="col" className="py-2 pr-4 font-medium" aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}>
                      {flexRender(header.column.columnDef.header, header.getContext())}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className="divide-y divide-slate-100">
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} className="hover:bg-slate-50" data-testid="call-row">
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className="whitespace-nowrap py-2 pr-4 align-middle">{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 ? <div className="py-8 text-center text-sm text-slate-600" data-testid="calls-empty">{empty}</div> : null}
      </div>
    </div>
  );
}
