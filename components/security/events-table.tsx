import { detailsText, type SecurityEventRow } from "@/lib/security-page/events";
import { DateTime } from "@/components/ui/date-time";

/** The workspace's security events; details as pretty-printed JSON behind a disclosure. */
export function SecurityEventsTable({ events, showWorkspace = false }: { events: SecurityEventRow[]; showWorkspace?: boolean }) {
  if (events.length === 0) return <p className="py-6 text-center text-sm text-slate-600">No security events match these filters.</p>;
  return (
    <div className="relative overflow-x-auto" tabIndex={0}>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Security events, newest first</caption>
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">Time (UTC)</th>
            {showWorkspace ? <th scope="col" className="py-2 pr-4 font-medium">Workspace</th> : null}
            <th scope="col" className="py-2 pr-4 font-medium">Type</th>
            <th scope="col" className="py-2 pr-4 font-medium">IP address / request</th>
            <th scope="col" className="py-2 pr-4 font-medium">User</th>
            <th scope="col" className="py-2 font-medium">Details</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {events.map((e) => {
            const details = detailsText(e.details);
            return (
              <tr key={e.id} data-testid="security-event-row" className="align-top">
                <td className="whitespace-nowrap py-3 pr-4 text-slate-700">
                  <DateTime iso={e.occurredAt.toISOString()} />
                </td>
                {showWorkspace ? <td className="py-3 pr-4 font-mono text-xs text-slate-700">{e.workspaceSlug ?? "(platform)"}</td> : null}
                <td className="py-3 pr-4 font-mono text-xs text-slate-900">
                  {e.type}
                  {e.count > 1 ? <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 font-sans text-amber-900" title="Repeated occurrences within one window, stored as one row">×{e.count}</span> : null}
                </td>
                <td className="py-3 pr-4 font-mono text-xs text-slate-700">
                  {e.ip ?? "—"}
                  {e.requestId ? <div className="text-slate-500" title={e.userAgent ?? undefined}>{e.requestId}</div> : null}
                </td>
                <td className="py-3 pr-4 text-slate-700">
                  {e.userEmail ?? (e.userId ? <span className="font-mono text-xs text-slate-500" title="Not a member of this workspace">{e.userId}</span> : "—")}
                </td>
                <td className="py-3 text-slate-700">
                  {details ? (
                    <details>
                      <summary className="cursor-pointer text-xs text-brand-700">Show</summary>
                      <pre className="mt-2 max-w-md overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 font-mono text-xs">{details}</pre>
                    </details>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
