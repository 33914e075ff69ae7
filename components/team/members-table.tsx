"use client";

import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
  type SortingState,
} from "@tanstack/react-table";
import Link from "next/link";
import { useState } from "react";
import { GroupChip } from "@/components/team/group-chip";

export interface MemberTableRow {
  id: string;
  name: string;
  email: string;
  role: string;
  groups: { id: string; name: string; color: string }[];
  lastActive: string | null;
  lastActiveLabel: string;
  overrides: number;
  isYou: boolean;
  /** Has a second factor (an authenticator app or a passkey). */
  twoFactor: boolean;
}

const ROLE_ORDER = ["owner", "admin", "developer", "billing", "agent", "viewer"];
const column = createColumnHelper<MemberTableRow>();

export function MembersTable({ slug, rows }: { slug: string; rows: MemberTableRow[] }) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const [filter, setFilter] = useState("");
  const columns = [
    column.accessor((r) => `${r.name} ${r.email}`, {
      id: "member",
      header: "Member",
      sortingFn: (a, b) => a.original.name.localeCompare(b.original.name),
      cell: ({ row }) => (
        <div>
          <Link href={`/${slug}/team/${row.original.id}`} className="font-medium text-slate-900 hover:underline">
            {row.original.name}
          </Link>
          {row.original.isYou ? <span className="ml-2 text-xs text-slate-500">(you)</span> : null}
          <div className="text-xs text-slate-500">{row.original.email}</div>
          <div className="mt-0.5 text-xs" data-testid="member-2fa">
            {row.original.twoFactor ? (
              <span className="text-emerald-700">2FA on</span>
            ) : (
              <span className="text-amber-800">No second factor</span>
            )}
          </div>
        </div>
      ),
    }),
    column.accessor("role", {
      header: "Role",
      sortingFn: (a, b) => ROLE_ORDER.indexOf(a.original.role) - ROLE_ORDER.indexOf(b.original.role),
      cell: ({ row }) => (
        <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-800">
          {row.original.role}
          {row.original.overrides > 0 ? ` +${row.original.overrides}` : ""}
        </span>
      ),
    }),
    column.accessor((r) => r.groups.map((g) => g.name).join(" "), {
      id: "groups",
      header: "Groups",
      enableSorting: false,
      cell: ({ row }) => (
        <div className="flex flex-wrap gap-1">
          {row.original.groups.length === 0 ? <span className="text-xs text-slate-500">—</span> : null}
          {row.original.groups.map((g) => (
            <GroupChip key={g.id} name={g.name} color={g.color} />
          ))}
        </div>
      ),
    }),
    column.accessor((r) => r.lastActive ?? "", {
      id: "lastActive",
      header: "Last active",
      cell: ({ row }) => <span className="text-slate-700">{row.original.lastActiveLabel}</span>,
    }),
  ];
  // TanStack Table returns fresh functions each render; React Compiler skips this component.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: rows,
    columns,
    state: { sorting, globalFilter: filter },
    onSortingChange: setSorting,
    onGlobalFilterChange: setFilter,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
  });
  return (
    <div>
      <div className="mb-3 flex items-center justify-between gap-3">
        <label className="sr-only" htmlFor="member-filter">Filter members</label>
        <input
          id="member-filter"
          type="search"
          placeholder="Filter by name, email, role or group"
          value={filter}
          onChange={(e) => setFilter(e.target.value.slice(0, 100))}
          className="w-full max-w-xs rounded-md border border-slate-300 px-3 py-1.5 text-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
        />
        <span className="text-xs text-slate-500">{table.getFilteredRowModel().rows.length} of {rows.length} members</span>
      </div>
      <div className="relative overflow-x-auto" tabIndex={0}>
        <table className="w-full text-left text-sm">
          <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
            {table.getHeaderGroups().map((hg) => (
              <tr key={hg.id}>
                {hg.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  return (
                    <th key={header.id} scope="col" className="py-2 pr-4 font-medium" aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}>
                      {header.column.getCanSort() ? (
                        <button type="button" onClick={header.column.getToggleSortingHandler()} className="inline-flex items-center gap-1 uppercase hover:text-slate-800">
                          {flexRender(header.column.columnDef.header, header.getContext())}
                          <span aria-hidden>{sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}</span>
                        </button>
                      ) : (
                        flexRender(header.column.columnDef.header, header.getContext())
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className="divide-y divide-slate-100">
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} data-testid="member-row">
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className="py-3 pr-4 align-top">{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
