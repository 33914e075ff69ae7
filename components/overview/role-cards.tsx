import Link from "next/link";
import { Card } from "@/components/ui/card";
import { formatMoney } from "@/lib/billing/money";
import { formatDateTime, formatRelative } from "@/lib/format/dates";
import { UNUSED_KEY_DAYS, type OverviewWidgets } from "@/lib/overview/widgets";

const STATUS_TONE: Record<string, string> = {
  completed: "bg-emerald-50 text-emerald-800",
  failed: "bg-red-50 text-red-700",
  no_answer: "bg-amber-50 text-amber-800",
  busy: "bg-amber-50 text-amber-800",
};

/** A number with what it counts, and where to act on it. */
function Stat({ value, label, href, tone = "neutral", testId }: { value: string; label: string; href?: string; tone?: "neutral" | "warning" | "good"; testId?: string }) {
  const colour = tone === "warning" ? "text-amber-800" : tone === "good" ? "text-emerald-800" : "text-slate-900";
  const body = (
    <>
      <span className={`block text-2xl font-semibold ${colour}`}>{value}</span>
      <span className="block text-xs text-slate-600">{label}</span>
    </>
  );
  return (
    <div data-testid={testId}>
      {href ? <Link href={href} className="block rounded-md hover:bg-slate-50 focus-visible:bg-slate-50">{body}</Link> : body}
    </div>
  );
}

/**
 * The overview's cards for this member's role (issue 18): only what they may act on. Every
 * figure links to the page where it is acted on.
 */
export function RoleCards({ slug, w }: { slug: string; w: OverviewWidgets }) {
  const cards: React.ReactNode[] = [];
  if (w.balance) {
    const low = w.balance.amountMinor <= 0;
    cards.push(
      <Card key="balance" title="Credit balance">
        <Stat testId="overview-balance" value={formatMoney(w.balance.amountMinor, w.balance.currency)} label={low ? "Nothing left to charge usage to: add credit" : "Usage is charged to this balance"} href={`/${slug}/billing`} tone={low ? "warning" : "neutral"} />
      </Card>,
    );
  }
  if (w.webhooks) {
    const { failing, backlog, endpoints, oldestDueAt } = w.webhooks;
    cards.push(
      <Card key="webhooks" title="Webhook health">
        <div className="grid grid-cols-2 gap-3">
          {endpoints === 0 ? (
            <Stat testId="overview-failing-endpoints" value="—" label="no live endpoint yet: add one to be told when calls end" href={`/${slug}/developers/webhooks`} />
          ) : (
            <Stat testId="overview-failing-endpoints" value={`${failing.length} of ${endpoints}`} label="live endpoints failing" href={`/${slug}/developers/webhooks`} tone={failing.length ? "warning" : "good"} />
          )}
          <Stat testId="overview-backlog" value={backlog.toLocaleString("en")} label={oldestDueAt && backlog ? `due, oldest ${formatRelative(oldestDueAt)}` : "deliveries waiting"} tone={backlog > 100 ? "warning" : "neutral"} />
        </div>
        {failing.length ? (
          <ul className="mt-3 space-y-1 text-xs text-slate-600">
            {failing.slice(0, 3).map((e) => (
              <li key={e.id}>
                <Link href={`/${slug}/developers/webhooks/${e.id}`} className="font-mono text-brand-700 [overflow-wrap:anywhere] hover:underline">{e.url}</Link> failing since {formatDateTime(e.failingSince)}
              </li>
            ))}
          </ul>
        ) : null}
      </Card>,
    );
  }
  if (w.keys || w.security) {
    cards.push(
      <Card key="alerts" title="Keys and security">
        <div className="grid grid-cols-2 gap-3">
          {w.keys ? (
            <Stat
              testId="overview-key-alerts"
              value={String(w.keys.neverUsed + w.keys.unused)}
              label={`of ${w.keys.active} active keys never used, or unused for ${UNUSED_KEY_DAYS} days: revoke what nothing needs`}
              href={`/${slug}/developers/api-keys`}
              tone={w.keys.neverUsed + w.keys.unused ? "warning" : "good"}
            />
          ) : null}
          {w.security ? (
            <Stat
              testId="overview-security"
              value={w.security.events24h.toLocaleString("en")}
              label={`security events in 24 hours${w.security.lockouts24h ? `, ${w.security.lockouts24h} lockouts` : ""}`}
              href={`/${slug}/security`}
              tone={w.security.lockouts24h ? "warning" : "neutral"}
            />
          ) : null}
        </div>
      </Card>,
    );
  }
  return (
    <>
      {cards.length ? <div className="grid gap-4 md:grid-cols-3">{cards}</div> : null}
      {w.recentCalls ? (
        <Card title="Recent calls" description="The newest live calls; numbers masked." actions={<Link href={`/${slug}/calls`} className="text-sm text-brand-700 hover:underline">All calls →</Link>}>
          {w.recentCalls.length === 0 ? (
            <p className="text-sm text-slate-600">No live call yet.</p>
          ) : (
            <ul className="divide-y divide-slate-100" data-testid="overview-recent-calls">
              {w.recentCalls.map((c) => (
                <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                  <Link href={`/${slug}/calls?call=${c.id}`} className="font-mono text-brand-700 hover:underline">{c.caller_display}</Link>
                  <span className="text-xs text-slate-600">{c.direction} · {c.duration_seconds} s · <time dateTime={c.started_at}>{formatDateTime(new Date(c.started_at))}</time></span>
                  <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_TONE[c.status] ?? "bg-slate-100 text-slate-800"}`}>{c.status.replace("_", " ")}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      ) : null}
    </>
  );
}
