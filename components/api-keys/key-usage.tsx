import { formatDateTime, formatRelative } from "@/lib/format/dates";
import { USAGE_DAYS, type KeyUsage } from "@/lib/request-logs/usage";

/**
 * A key's last 30 days from the request logs: requests per day (a bar per day, failures in
 * their own colour; the numbers are in the text and the bars' titles) and where it was last
 * used from. Scopes it never needed and a new network are posture flags on its row.
 */
export function KeyUsageSummary({ usage, logsHref }: { usage: KeyUsage | undefined; logsHref: string }) {
  if (!usage || usage.total === 0) return <p className="text-xs text-slate-500">No request in {USAGE_DAYS} days.</p>;
  const failed = usage.days.reduce((n, d) => n + d.clientErrors + d.serverErrors, 0);
  const peak = Math.max(1, ...usage.days.map((d) => d.ok + d.clientErrors + d.serverErrors));
  const height = 24;
  return (
    <div className="space-y-1 text-xs text-slate-600" data-testid="key-usage">
      <svg width={usage.days.length * 4} height={height} role="img" aria-label={`Requests per day over ${USAGE_DAYS} days, peak ${peak}`} className="block">
        {usage.days.map((d, i) => {
          const okH = (d.ok / peak) * height;
          const badH = ((d.clientErrors + d.serverErrors) / peak) * height;
          return (
            <g key={d.day}>
              <title>{`${d.day}: ${d.ok} ok, ${d.clientErrors} 4xx, ${d.serverErrors} 5xx`}</title>
              <rect x={i * 4} y={height - okH - badH} width={3} height={okH} className="fill-brand-500" />
              <rect x={i * 4} y={height - badH} width={3} height={badH} className="fill-red-500" />
            </g>
          );
        })}
      </svg>
      <p>
        <a href={logsHref} className="text-brand-700 hover:underline">{usage.total.toLocaleString("en")} request{usage.total === 1 ? "" : "s"}</a> in {USAGE_DAYS} days
        {failed > 0 ? `, ${failed.toLocaleString("en")} failed` : ""}
      </p>
      {usage.lastAt ? (
        <p>
          Last <time dateTime={usage.lastAt.toISOString()} title={formatDateTime(usage.lastAt)}>{formatRelative(usage.lastAt)}</time>
          {usage.lastIp ? <> from <code className="font-mono">{usage.lastIp}</code></> : null}
        </p>
      ) : null}
    </div>
  );
}
