import type { WorkspaceContext } from "../authz/context";

/** How many event types get a series of their own; the rest are summed as "other". */
export const TOP_TYPES = 5;
export const OTHER = "other";

export interface SecurityVolumeDay {
  /** The UTC calendar day, "YYYY-MM-DD". */
  date: string;
  /** Count per series key (the top types, then OTHER), every key present. */
  counts: Record<string, number>;
  total: number;
}

export interface SecurityVolume {
  /** The series, busiest type first, OTHER last (only when some event fell outside the top). */
  keys: string[];
  /** One entry per day of the window, oldest first, zero-filled. */
  days: SecurityVolumeDay[];
  totals: Record<string, number> & { total: number };
  max: number;
}

function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * Security events per UTC day and type over the last `days` days (today included): one
 * GROUP BY over a window bounded on both sides, a range on the (workspace_id, occurred_at)
 * index. The top types (by count over the window) keep their own series, the rest become
 * "other"; days without events are filled in here.
 */
export async function securityEventVolume(
  ctx: { workspace: { id: string }; data: WorkspaceContext["data"] },
  { days = 30, now = new Date() }: { days?: number; now?: Date } = {},
): Promise<SecurityVolume> {
  if (!Number.isInteger(days) || days < 1 || days > 366) throw new RangeError("securityEventVolume: days must be 1–366");
  const today = now.toISOString().slice(0, 10);
  const first = addDays(today, -(days - 1));
  const end = addDays(today, 1);
  const rows = await ctx.data((tx) =>
    tx.$queryRaw<{ day: string; type: string; n: number }[]>`
      SELECT to_char(date_trunc('day', occurred_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, type, sum(count)::int AS n
      FROM security_events
      WHERE workspace_id = ${ctx.workspace.id}::uuid
        AND occurred_at >= ${new Date(`${first}T00:00:00Z`)} AND occurred_at < ${new Date(`${end}T00:00:00Z`)}
      GROUP BY 1, 2`,
    // sum(count): a coalesced flood is one row standing for many occurrences (decision 034).
  );
  const byType = new Map<string, number>();
  for (const r of rows) byType.set(r.type, (byType.get(r.type) ?? 0) + r.n);
  const ranked = [...byType.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t]) => t);
  const top = ranked.slice(0, TOP_TYPES);
  const keys = ranked.length > TOP_TYPES ? [...top, OTHER] : top;
  const zeros = () => Object.fromEntries(keys.map((k) => [k, 0])) as Record<string, number>;
  const list: SecurityVolumeDay[] = Array.from({ length: days }, (_, i) => ({ date: addDays(first, i), counts: zeros(), total: 0 }));
  const byDay = new Map(list.map((d) => [d.date, d]));
  const totals = { ...zeros(), total: 0 } as Record<string, number> & { total: number };
  const topSet = new Set(top);
  for (const row of rows) {
    const day = byDay.get(row.day);
    if (!day) continue;
    // Every key is one of `keys` (a type outside the top ones means OTHER is there), so both start at 0.
    const key = topSet.has(row.type) ? row.type : OTHER;
    day.counts[key] = (day.counts[key] ?? 0) + row.n;
    day.total += row.n;
    totals[key] = (totals[key] ?? 0) + row.n;
    totals.total += row.n;
  }
  return { keys, days: list, totals, max: Math.max(0, ...list.map((d) => d.total)) };
}
