import type { WorkspaceContext } from "../authz/context";
import type { KeyMode } from "../db/generated/client";
import type { CallStatus } from "./kinds";

/** Stacking order of the chart, bottom to top: the common outcome first. */
export const VOLUME_STATUSES = ["completed", "no_answer", "busy", "failed"] as const satisfies readonly CallStatus[];

export type StatusCounts = Record<CallStatus, number> & { total: number };
export interface VolumeDay extends StatusCounts {
  /** The calendar day in the requested time zone, "YYYY-MM-DD". */
  date: string;
}
export interface CallVolume {
  /** One entry per day of the window, oldest first, zero-filled. */
  days: VolumeDay[];
  totals: StatusCounts;
  /** The busiest day's total (0 when there are no calls). */
  max: number;
}

export interface CallVolumeOptions {
  mode: KeyMode;
  days?: number;
  now?: Date;
  /** IANA zone the days are cut in; the dashboard shows UTC everywhere. */
  timeZone?: string;
}

const MAX_DAYS = 366;
const zeros = (): StatusCounts => ({ completed: 0, failed: 0, no_answer: 0, busy: 0, total: 0 });

/** `now`'s calendar day in `timeZone` ("YYYY-MM-DD"); throws RangeError for an unknown zone. */
function localDate(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** Calendar arithmetic on "YYYY-MM-DD" (no time zone involved). */
function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * Calls per day and status over the last `days` days (today included) for one mode. One
 * GROUP BY over the window: `started_at` is bounded on both sides, so the scan is a range on
 * the (workspace_id, mode, started_at, id) index; the window's edges are local midnights
 * computed by PostgreSQL, so a DST change cannot shift a bucket. Days without calls are
 * filled in here. A web call of a bot-flagged widget session (bot policy "flag") is served
 * and stored but never counted (SPEC §14: the analytics count humans only).
 */
export async function callVolume(
  ctx: { workspace: { id: string }; data: WorkspaceContext["data"] },
  { mode, days = 30, now = new Date(), timeZone = "UTC" }: CallVolumeOptions,
): Promise<CallVolume> {
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) throw new RangeError(`callVolume: days must be 1–${MAX_DAYS}`);
  const today = localDate(now, timeZone);
  const first = addDays(today, -(days - 1));
  const end = addDays(today, 1);
  // GROUP BY ordinals: the bucket expression carries a parameter, and a repeated parameter
  // would be a different expression to PostgreSQL.
  const rows = await ctx.data((tx) =>
    tx.$queryRaw<{ day: string; status: CallStatus; n: number }[]>`
      SELECT to_char(date_trunc('day', started_at AT TIME ZONE ${timeZone}), 'YYYY-MM-DD') AS day,
             status::text AS status, count(*)::int AS n
      FROM calls
      WHERE workspace_id = ${ctx.workspace.id}::uuid AND mode = ${mode}
        AND started_at >= (${first}::date::timestamp AT TIME ZONE ${timeZone})
        AND started_at < (${end}::date::timestamp AT TIME ZONE ${timeZone})
        AND (channel <> 'web' OR NOT EXISTS (
          SELECT 1 FROM widget_sessions s WHERE s.workspace_id = calls.workspace_id AND s.call_id = calls.id AND s.bot_flagged))
      GROUP BY 1, 2`,
  );
  const byDay = new Map<string, VolumeDay>();
  const list: VolumeDay[] = [];
  for (let i = 0; i < days; i++) {
    const day = { date: addDays(first, i), ...zeros() };
    byDay.set(day.date, day);
    list.push(day);
  }
  const totals = zeros();
  for (const row of rows) {
    const day = byDay.get(row.day);
    if (!day) continue;
    day[row.status] += row.n;
    day.total += row.n;
    totals[row.status] += row.n;
    totals.total += row.n;
  }
  return { days: list, totals, max: Math.max(0, ...list.map((d) => d.total)) };
}
