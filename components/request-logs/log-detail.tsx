import { CopyButton } from "@/components/ui/copy-button";
import { DateTime } from "@/components/ui/date-time";
import type { RequestLogRow } from "@/lib/request-logs/query";
import { StatusBadge } from "./status-badge";

/** One request, everything recorded about it (no body, no headers but the user agent: none are kept). */
export function LogDetail({ row }: { row: RequestLogRow }) {
  const fields: [string, React.ReactNode][] = [
    ["Status", <span key="s" className="inline-flex items-center gap-2"><StatusBadge status={row.status} />{row.errorCode ? <code className="font-mono text-xs">{row.errorCode}</code> : null}</span>],
    ["Request", <code key="r" className="break-all font-mono text-xs">{row.method} {row.path}</code>],
    ["Operation", <code key="o" className="font-mono text-xs">{row.method} /api/v1{row.route}</code>],
    ["Time", <DateTime key="t" iso={row.occurredAt.toISOString()} />],
    ["Duration", `${row.durationMs.toFixed(1)} ms`],
    ["Response size", row.responseBytes === null ? "—" : `${row.responseBytes.toLocaleString("en")} bytes`],
    ["Key", <span key="k"><code className="font-mono text-xs">{row.keyDisplay}</code> · {row.mode}</span>],
    ["IP address", <code key="i" className="font-mono text-xs">{row.ip ?? "—"}</code>],
    ["User agent", <span key="u" className="break-all text-xs">{row.userAgent ?? "—"}</span>],
  ];
  return (
    <section aria-labelledby="request-detail-heading" data-testid="request-log-detail" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="request-detail-heading" className="break-all font-mono text-sm font-semibold">{row.requestId}</h2>
        <CopyButton text={row.requestId} label="Copy id" />
      </div>
      <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[9rem_1fr]">
        {fields.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-500">{label}</dt>
            <dd className="min-w-0 text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>
      <p className="text-xs text-slate-500">Bodies, headers and query strings are never recorded: they can hold secrets and callers&apos; numbers.</p>
    </section>
  );
}
