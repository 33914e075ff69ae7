import "server-only";
import type { Principal } from "../authz/principal";

const DAY_MS = 86_400_000;
export const WIDGET_ANALYTICS_WINDOWS = [7, 30] as const;

export interface WidgetSessionCounts {
  days: number;
  /** Sessions from visitors not flagged as bots: the only ones the analytics count (SPEC §14). */
  human: number;
  /** Bot-flagged sessions (bot policy "flag"), shown apart and counted nowhere else. */
  bots: number;
}

/**
 * The widget's sessions over the last 7 and 30 days, humans and flagged bots apart, in the
 * widget's mode. Refused requests never became sessions; they are security events.
 */
export async function widgetSessionCounts(principal: Principal, widgetId: string, mode: "live" | "test", now = new Date()): Promise<WidgetSessionCounts[]> {
  await principal.require("config:manage");
  const since = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const rows = await principal.data((tx) =>
    tx.$queryRaw<{ days: number; human: number; bots: number }[]>`
      SELECT w.days, count(*) FILTER (WHERE NOT s.bot_flagged)::int AS human, count(*) FILTER (WHERE s.bot_flagged)::int AS bots
      FROM unnest(${[...WIDGET_ANALYTICS_WINDOWS]}::int[]) AS w(days)
      LEFT JOIN widget_sessions s ON s.workspace_id = ${principal.workspace.id}::uuid AND s.widget_id = ${widgetId}::uuid
        AND s.mode = ${mode} AND s.started_at >= ${since(30)} AND s.started_at >= ${now}::timestamptz - make_interval(days => w.days)
      GROUP BY w.days ORDER BY w.days`,
  );
  return WIDGET_ANALYTICS_WINDOWS.map((days) => {
    const row = rows.find((r) => r.days === days);
    return { days, human: row?.human ?? 0, bots: row?.bots ?? 0 };
  });
}
