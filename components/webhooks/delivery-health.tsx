import Link from "next/link";
import { StackedDayChart, type ChartSeries } from "@/components/calls/volume-chart";
import { formatDateTime, formatRelative } from "@/lib/format/dates";
import type { EndpointHealth, HealthWindow } from "@/lib/webhooks/health";

type Outcome = "succeeded" | "failed";

// The call-volume chart's hues for the same meanings (Okabe–Ito; ≥ 3:1 on light and dark cards).
const SERIES: readonly ChartSeries<Outcome>[] = [
  { key: "succeeded", label: "succeeded", fill: "#009E73" },
  { key: "failed", label: "failed", fill: "#D55E00" },
];

const hour = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
const dayHour = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
const day = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

const BUCKETS = {
  "24h": { unit: "hour", window: "24 hours", label: (iso: string) => hour.format(new Date(iso)), tickEvery: 6 },
  // One axis label a day, under the day's first bucket (00:00 UTC); the table names each bucket's hour.
  "7d": { unit: "6 hours", window: "7 days", label: (iso: string) => dayHour.format(new Date(iso)), axisLabel: (iso: string) => (iso.slice(11, 13) === "00" ? day.format(new Date(iso)) : ""), tickEvery: 1 },
} as const;

const percent = (rate: number | null) => (rate === null ? "—" : `${(Math.floor(rate * 1000) / 10).toFixed(1)} %`);
const ms = (n: number | null) => (n === null ? "—" : n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${n} ms`);

function Stat({ label, value, detail, testId }: { label: string; value: string; detail?: string; testId: string }) {
  return (
    <div className="min-w-0 rounded-lg border border-slate-200 px-3 py-2" data-testid={testId}>
      <dt className="text-xs text-slate-600">{label}</dt>
      <dd className="mt-0.5 text-lg font-semibold text-slate-900">{value}</dd>
      {detail ? <dd className="text-xs text-slate-600">{detail}</dd> : null}
    </div>
  );
}

/** An endpoint's delivery health: the figures, the automatic-disable countdown and the chart. */
export function DeliveryHealth({ health, href, now = new Date() }: { health: EndpointHealth; href: (window: HealthWindow) => string; now?: Date }) {
  const buckets = BUCKETS[health.window];
  const disableAt = health.auto_disable_at ? new Date(health.auto_disable_at) : null;
  return (
    <div className="space-y-4" data-testid="delivery-health">
      <nav aria-label="Health window" className="inline-flex rounded-md border border-slate-300 bg-surface p-0.5 text-sm">
        {(["24h", "7d"] as const).map((w) => (
          <Link
            key={w}
            href={href(w)}
            scroll={false}
            aria-current={health.window === w ? "page" : undefined}
            className={`rounded px-3 py-1 ${health.window === w ? "bg-slate-900 text-surface" : "text-slate-700 hover:bg-slate-100"}`}
          >
            {w === "24h" ? "24 hours" : "7 days"}
          </Link>
        ))}
      </nav>
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat testId="health-success-rate" label="Success rate" value={percent(health.success_rate)} detail={`${health.succeeded} of ${health.attempts} attempts`} />
        <Stat testId="health-failed" label="Failed attempts" value={String(health.failed)} detail="non-2xx, timeout or unreachable" />
        <Stat testId="health-p50" label="Latency p50" value={ms(health.latency_ms.p50)} />
        <Stat testId="health-p99" label="Latency p99" value={ms(health.latency_ms.p99)} />
      </dl>
      {health.failing_since ? (
        <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="health-failing">
          Failing since {formatDateTime(new Date(health.failing_since))}.{" "}
          {disableAt
            ? `Unless a delivery succeeds first, it is disabled automatically ${disableAt > now ? formatRelative(disableAt, now) : "at the next attempt"} (${formatDateTime(disableAt)}).`
            : null}
        </p>
      ) : (
        <p className="text-sm text-slate-600" data-testid="health-failing">
          {health.enabled ? "Not failing: the latest attempt succeeded, or none has been made." : "Disabled: nothing is being sent."}
        </p>
      )}
      {health.attempts === 0 ? (
        <div data-testid="delivery-health-chart" className="rounded-lg border border-dashed border-slate-300 px-4 py-8 text-center">
          <p className="text-sm font-medium text-slate-900">No delivery attempts in the last {buckets.window}</p>
          <p className="mt-1 text-sm text-slate-600">Send a test event to see one arrive.</p>
        </div>
      ) : (
        <StackedDayChart
          days={health.buckets.map((b) => ({ date: b.start, counts: { succeeded: b.succeeded, failed: b.failed }, total: b.succeeded + b.failed }))}
          series={SERIES}
          totals={{ succeeded: health.succeeded, failed: health.failed, total: health.attempts }}
          noun="Delivery attempts"
          by="outcome"
          testId="delivery-health-chart"
          buckets={buckets}
        />
      )}
      <p className="text-xs text-slate-500">
        Times in UTC. Counts and timings only; the payloads and response excerpts are in the deliveries below. Also{" "}
        <code className="font-mono">GET /api/v1/webhook-endpoints/{"{id}"}/health</code>.
      </p>
    </div>
  );
}
