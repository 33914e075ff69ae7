import Link from "next/link";
import { TableHead } from "@/components/ui/table-head";
import { DateTime } from "@/components/ui/date-time";
import type { RequestLogRow } from "@/lib/request-logs/query";
import { StatusBadge } from "./status-badge";

/** Requests, newest first; each opens its detail (the page filtered to its request id). */
export function LogTable({ rows, hrefOf }: { rows: RequestLogRow[]; hrefOf: (row: RequestLogRow) => string }) {
  if (rows.length === 0) return <p className="py-6 text-center text-sm text-slate-600">No request matches. Requests made with this workspace&apos;s API keys appear here within a second.</p>;
  return (
    <div className="relative overflow-x-auto" tabIndex={0} role="region" aria-label="Requests">
      <table className="w-full text-left text-sm" data-testid="request-log-table">
        <TableHead columns={[{ label: "Status" }, { label: "Request" }, { label: "Key" }, { label: "Time" }, { label: "Duration", align: "right" }]} />
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.id} data-testid="request-log-row" className="align-top">
              <td className="py-2 pr-4">
                <StatusBadge status={r.status} />
                {r.errorCode ? <div className="mt-1 font-mono text-xs text-slate-600">{r.errorCode}</div> : null}
              </td>
              <td className="py-2 pr-4">
                <Link href={hrefOf(r)} className="font-mono text-xs text-brand-700 hover:underline">
                  <span className="font-semibold">{r.method}</span> {r.path}
                </Link>
                <div className="font-mono text-xs text-slate-500">{r.requestId}</div>
              </td>
              <td className="whitespace-nowrap py-2 pr-4 font-mono text-xs text-slate-600">{r.keyDisplay}<div className="font-sans text-slate-500">{r.mode}</div></td>
              <td className="whitespace-nowrap py-2 pr-4 text-xs text-slate-600"><DateTime iso={r.occurredAt.toISOString()} /></td>
              <td className="py-2 text-right font-mono text-xs text-slate-600">{r.durationMs.toFixed(1)} ms</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
