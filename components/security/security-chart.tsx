import { StackedDayChart, type ChartSeries } from "@/components/calls/volume-chart";
import { OTHER, type SecurityVolume } from "@/lib/security-page/volume";

// Each at least 3:1 against white (WCAG 1.4.11), Okabe–Ito where the palette allows; "other"
// is a neutral grey so the named types stand out.
const FILLS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8B5CF6"];
const OTHER_FILL = "#64748B";

/** Security events per day over the window, stacked by type (top types + "other"). */
export function SecurityEventsChart({ volume }: { volume: SecurityVolume }) {
  if (volume.totals.total === 0) {
    return (
      <div data-testid="security-events-chart" className="rounded-lg border border-dashed border-slate-300 px-4 py-8 text-center">
        <p className="text-sm font-medium text-slate-900">No security events in the last {volume.days.length} days</p>
        <p className="mt-1 text-sm text-slate-600">Failed sign-ins, refused requests and permission denials appear here.</p>
      </div>
    );
  }
  const series: ChartSeries[] = volume.keys.map((key, i) => ({
    key,
    label: key === OTHER ? "other" : key,
    fill: key === OTHER ? OTHER_FILL : FILLS[i % FILLS.length]!, // i % FILLS.length: in range
  }));
  return <StackedDayChart days={volume.days} series={series} totals={volume.totals} noun="Security events" by="type" testId="security-events-chart" />;
}
