import Link from "next/link";
import { VOLUME_STATUSES, type CallVolume } from "@/lib/calls/volume";

type Status = (typeof VOLUME_STATUSES)[number];

export interface ChartSeries<K extends string = string> {
  key: K;
  label: string;
  /** At least 3:1 against white (WCAG 1.4.11). */
  fill: string;
}

export interface ChartDay<K extends string = string> {
  /** "YYYY-MM-DD". */
  date: string;
  counts: Record<K, number>;
  total: number;
}

// Okabe–Ito hues (distinguishable with the common colour-vision deficiencies), each at least
// 3:1 against white and against the dark theme's cards as WCAG 1.4.11 asks of graphics;
// segments are also split by a gap.
const SERIES: readonly ChartSeries<Status>[] = [
  { key: "completed", label: "completed", fill: "#009E73" },
  { key: "no_answer", label: "no answer", fill: "#0072B2" },
  { key: "busy", label: "busy", fill: "#CC79A7" },
  { key: "failed", label: "failed", fill: "#D55E00" },
];

// Presentation attributes and classes only: the CSP forbids style="" (style-src carries a
// nonce). Axis and grid colours are theme tokens (classes), so they follow dark mode.
const W = 720;
const H = 220;
const PAD = { top: 8, right: 16, bottom: 22, left: 34 };
const PLOT_W = W - PAD.left - PAD.right;
const PLOT_H = H - PAD.top - PAD.bottom;

const dayLabel = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const label = (date: string) => dayLabel.format(new Date(`${date}T00:00:00Z`));

/** Round y ticks (1, 2 or 5 × 10ⁿ apart, whole counts) from 0 to at least `max`. */
function ticks(max: number): number[] {
  const raw = Math.max(max, 1) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, ([1, 2, 5].find((n) => n * magnitude >= raw) ?? 10) * magnitude);
  return Array.from({ length: Math.ceil(Math.max(max, 1) / step) + 1 }, (_, i) => i * step);
}

/** Buckets other than calendar days (hours, 6-hour spans): how to name them and the window. */
export interface ChartBuckets {
  /** "hour", "6 hours": the summary says "per hour". */
  unit: string;
  /** "24 hours": the summary says "over the last 24 hours". */
  window: string;
  /** A bucket's key (ISO start) in the table and the bars' titles. */
  label: (key: string) => string;
  /** A shorter form under the axis (default: `label`). */
  axisLabel?: (key: string) => string;
  /** An axis label every this many buckets, counted from the newest. */
  tickEvery: number;
}

/**
 * Counts per day stacked by series, bottom to top in `series` order; a hidden table carries
 * the same numbers for screen readers. `noun` names what is counted ("Calls") and `by` what
 * the series are ("status"), for the summary and the table's caption. With `buckets`, the
 * bars are other spans than days (their `date` is the bucket's key).
 */
export function StackedDayChart<K extends string>({
  days,
  series,
  totals,
  noun,
  by,
  testId,
  buckets,
}: {
  days: ChartDay<K>[];
  series: readonly ChartSeries<K>[];
  totals: Record<K, number> & { total: number };
  noun: string;
  by: string;
  testId: string;
  buckets?: ChartBuckets;
}) {
  const max = Math.max(0, ...days.map((d) => d.total));
  const parts = series.map((s) => `${totals[s.key]} ${s.label}`).join(", ");
  const unit = buckets?.unit ?? "day";
  const span = buckets?.window ?? `${days.length} days`;
  const name = buckets?.label ?? label;
  const axisName = buckets?.axisLabel ?? name;
  const summary = `${noun} per ${unit} over the last ${span}: ${totals.total} in total — ${parts}. Busiest ${unit}: ${max}.`;
  const yTicks = ticks(max);
  // ticks() always answers at least [0, step]; the scale is never below 1.
  const top = yTicks.at(-1) ?? 1;
  const y = (n: number) => PAD.top + PLOT_H - (n / top) * PLOT_H;
  const slot = PLOT_W / days.length;
  const barW = Math.max(1, slot * 0.7);
  return (
    <div data-testid={testId} className="space-y-3">
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="img" aria-label={summary}>
        {yTicks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} strokeWidth={1} className={t === 0 ? "stroke-slate-400" : "stroke-slate-200"} />
            <text x={PAD.left - 6} y={y(t)} dy="0.32em" textAnchor="end" fontSize={11} className="fill-slate-600">{t}</text>
          </g>
        ))}
        {days.map((d, i) => {
          const x = PAD.left + i * slot + (slot - barW) / 2;
          let base = 0;
          return (
            <g key={d.date}>
              {series.filter((s) => d.counts[s.key] > 0).map((s) => {
                const y0 = y(base);
                base += d.counts[s.key];
                const y1 = y(base);
                // A 1-unit white gap above each segment, unless it would swallow a thin one.
                const gap = y0 - y1 > 2 ? 1 : 0;
                return (
                  <rect key={s.key} x={x} y={y1 + gap} width={barW} height={y0 - y1 - gap} fill={s.fill}>
                    <title>{`${name(d.date)}: ${d.counts[s.key]} ${s.label}`}</title>
                  </rect>
                );
              })}
              {(days.length - 1 - i) % (buckets?.tickEvery ?? 7) === 0 ? (
                <text x={x + barW / 2} y={H - 6} textAnchor="middle" fontSize={11} className="fill-slate-600">{axisName(d.date)}</text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700" aria-label="Legend">
        {series.map((s) => (
          <li key={s.key} className="flex items-center gap-1.5">
            <svg viewBox="0 0 10 10" className="size-2.5" aria-hidden="true"><rect width={10} height={10} rx={2} fill={s.fill} /></svg>
            <span className="capitalize">{s.label}</span>
            <span className="text-slate-500">{totals[s.key]}</span>
          </li>
        ))}
      </ul>
      {/* sr-only on a wrapper: a table ignores overflow, so an sr-only table still widens the page. */}
      <div className="sr-only">
      <table>
        <caption>{`${noun} per ${unit} by ${by}, last ${span}`}</caption>
        <thead>
          <tr>
            <th scope="col">{buckets ? "From" : "Day"}</th>
            {series.map((s) => <th key={s.key} scope="col">{s.label}</th>)}
            <th scope="col">total</th>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.date}>
              <th scope="row">{name(d.date)}</th>
              {series.map((s) => <td key={s.key}>{d.counts[s.key]}</td>)}
              <td>{d.total}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </div>
  );
}

/** Calls per day stacked by status (the common outcome at the bottom). */
export function VolumeChart({ volume, testCallsHref }: { volume: CallVolume; testCallsHref?: string }) {
  const { days } = volume;
  if (volume.totals.total === 0) {
    return (
      <div data-testid="call-volume-chart" className="rounded-lg border border-dashed border-slate-300 px-4 py-8 text-center">
        <p className="text-sm font-medium text-slate-900">No calls in the last {days.length} days</p>
        <p className="mt-1 text-sm text-slate-600">
          Live calls appear here as they arrive. To see how a call is recorded,{" "}
          {testCallsHref ? (
            <Link href={testCallsHref} className="font-medium text-slate-900 underline">run a test call</Link>
          ) : (
            <>run a test call (<code className="font-mono text-xs">POST /api/v1/test-calls</code>)</>
          )}
          ; test calls are kept apart, under Calls → Test data.
        </p>
      </div>
    );
  }
  return (
    <StackedDayChart
      days={days.map((d) => ({ date: d.date, counts: d, total: d.total }))}
      series={SERIES}
      totals={volume.totals}
      noun="Calls"
      by="status"
      testId="call-volume-chart"
    />
  );
}
