import Link from "next/link";
import { VOLUME_STATUSES, type CallVolume } from "@/lib/calls/volume";

type Status = (typeof VOLUME_STATUSES)[number];

// Okabe–Ito hues (distinguishable with the common colour-vision deficiencies), each at least
// 3:1 against white as WCAG 1.4.11 asks of graphics; segments are also split by a white gap.
const SERIES: Record<Status, { label: string; fill: string }> = {
  completed: { label: "completed", fill: "#009E73" },
  no_answer: { label: "no answer", fill: "#0072B2" },
  busy: { label: "busy", fill: "#CC79A7" },
  failed: { label: "failed", fill: "#D55E00" },
};

// Presentation attributes only: the CSP forbids style="" (style-src carries a nonce).
const W = 720;
const H = 220;
const PAD = { top: 8, right: 16, bottom: 22, left: 34 };
const PLOT_W = W - PAD.left - PAD.right;
const PLOT_H = H - PAD.top - PAD.bottom;

const dayLabel = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const label = (date: string) => dayLabel.format(new Date(`${date}T00:00:00Z`));

/** Round y ticks (1, 2 or 5 × 10ⁿ apart, whole calls) from 0 to at least `max`. */
function ticks(max: number): number[] {
  const raw = Math.max(max, 1) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, ([1, 2, 5].find((n) => n * magnitude >= raw) ?? 10) * magnitude);
  return Array.from({ length: Math.ceil(Math.max(max, 1) / step) + 1 }, (_, i) => i * step);
}

function summary(volume: CallVolume): string {
  const { totals, days } = volume;
  const parts = VOLUME_STATUSES.map((s) => `${totals[s]} ${SERIES[s].label}`).join(", ");
  return `Calls per day over the last ${days.length} days: ${totals.total} in total — ${parts}. Busiest day: ${volume.max}.`;
}

/** Calls per day stacked by status; a hidden table carries the same numbers for screen readers. */
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
  const yTicks = ticks(volume.max);
  const top = yTicks[yTicks.length - 1];
  const y = (n: number) => PAD.top + PLOT_H - (n / top) * PLOT_H;
  const slot = PLOT_W / days.length;
  const barW = Math.max(1, slot * 0.7);
  return (
    <div data-testid="call-volume-chart" className="space-y-3">
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="img" aria-label={summary(volume)}>
        {yTicks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} stroke={t === 0 ? "#94a3b8" : "#e2e8f0"} strokeWidth={1} />
            <text x={PAD.left - 6} y={y(t)} dy="0.32em" textAnchor="end" fontSize={11} fill="#475569">{t}</text>
          </g>
        ))}
        {days.map((d, i) => {
          const x = PAD.left + i * slot + (slot - barW) / 2;
          let base = 0;
          return (
            <g key={d.date}>
              {VOLUME_STATUSES.filter((s) => d[s] > 0).map((s) => {
                const y0 = y(base);
                base += d[s];
                const y1 = y(base);
                // A 1-unit white gap above each segment, unless it would swallow a thin one.
                const gap = y0 - y1 > 2 ? 1 : 0;
                return (
                  <rect key={s} x={x} y={y1 + gap} width={barW} height={y0 - y1 - gap} fill={SERIES[s].fill}>
                    <title>{`${label(d.date)}: ${d[s]} ${SERIES[s].label}`}</title>
                  </rect>
                );
              })}
              {(days.length - 1 - i) % 7 === 0 ? (
                <text x={x + barW / 2} y={H - 6} textAnchor="middle" fontSize={11} fill="#475569">{label(d.date)}</text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700" aria-label="Legend">
        {VOLUME_STATUSES.map((s) => (
          <li key={s} className="flex items-center gap-1.5">
            <svg viewBox="0 0 10 10" className="size-2.5" aria-hidden="true"><rect width={10} height={10} rx={2} fill={SERIES[s].fill} /></svg>
            <span className="capitalize">{SERIES[s].label}</span>
            <span className="text-slate-500">{volume.totals[s]}</span>
          </li>
        ))}
      </ul>
      <table className="sr-only">
        <caption>Calls per day by status, last {days.length} days</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {VOLUME_STATUSES.map((s) => <th key={s} scope="col">{SERIES[s].label}</th>)}
            <th scope="col">total</th>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.date}>
              <th scope="row">{label(d.date)}</th>
              {VOLUME_STATUSES.map((s) => <td key={s}>{d[s]}</td>)}
              <td>{d.total}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
