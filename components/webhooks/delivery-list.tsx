import { ActionButtonForm } from "@/components/action-button-form";
import type { ActionResult } from "@/lib/forms/form-state";
import { formatDateTime } from "@/lib/format/dates";
import type { listDeliveries } from "@/lib/webhooks/deliveries";

type Delivery = Awaited<ReturnType<typeof listDeliveries>>["deliveries"][number];

const BADGE: Record<string, string> = {
  succeeded: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  pending: "bg-amber-50 text-amber-900 ring-amber-600/20",
  failed: "bg-red-50 text-red-800 ring-red-600/20",
};

/** Deliveries with their attempts (status, latency, response excerpt) and payload. */
export function DeliveryList({ deliveries, resend }: { deliveries: Delivery[]; resend: (id: string) => (prev: ActionResult, form: FormData) => Promise<ActionResult> }) {
  if (deliveries.length === 0) return <p className="text-sm text-slate-500">No deliveries yet. Send a test event to try the endpoint.</p>;
  return (
    <ul className="divide-y divide-slate-100" aria-label="Deliveries">
      {deliveries.map((d) => (
        <li key={d.id} className="py-3" data-testid="delivery-row">
          <details>
            <summary className="flex cursor-pointer flex-wrap items-center gap-3 text-sm">
              <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${BADGE[d.status] ?? BADGE.pending}`} data-testid="delivery-status">{d.status}</span>
              <span className="font-mono text-xs">{d.event.type}</span>
              <span className="font-mono text-xs text-slate-500">{d.event.id}</span>
              <span className="text-xs text-slate-500">{formatDateTime(d.createdAt)} · {d.attempts} attempt{d.attempts === 1 ? "" : "s"}{d.status === "pending" ? ` · next ${formatDateTime(d.nextAttemptAt)}` : ""}</span>
            </summary>
            <div className="mt-3 space-y-3 pl-2">
              <table className="w-full text-left text-xs">
                <thead className="text-slate-500"><tr><th className="py-1 pr-3">#</th><th className="pr-3">Sent</th><th className="pr-3">Result</th><th className="pr-3">Latency</th><th>Response</th></tr></thead>
                <tbody>
                  {d.attemptsLog.map((a) => (
                    <tr key={a.id} className="align-top" data-testid="attempt-row">
                      <td className="py-1 pr-3">{a.number}</td>
                      <td className="pr-3">{formatDateTime(a.startedAt)}</td>
                      <td className="pr-3 font-mono">{a.statusCode ?? a.error}</td>
                      <td className="pr-3">{a.latencyMs} ms</td>
                      <td className="max-w-md truncate font-mono text-slate-600">{a.responseExcerpt ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <pre tabIndex={0} className="max-h-64 overflow-auto rounded-md bg-ink p-3 text-xs text-ink-fg">{JSON.stringify(JSON.parse(d.event.body), null, 2)}</pre>
              <ActionButtonForm action={resend(d.id)} label="Resend" />
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}
