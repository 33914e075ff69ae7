import type { AgentConfigContent } from "../agent-config/content";
import { WEEKDAYS } from "../agent-config/options";

const SHORT: Record<string, string> = { mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat", sun: "Sun" };

/**
 * The agent's active hours as a visitor reads them in the widget's "we're away" message:
 * consecutive days with the same hours joined ("Mon–Fri 09:00–17:00, Sat 10:00–14:00 (Europe/Berlin)").
 * No open day at all: null (the widget then says only that it is away).
 */
export function activeHoursSummary(hours: AgentConfigContent["hours"], timeZone: string): string | null {
  const groups: { from: string; to: string; span: string }[] = [];
  for (const { key } of WEEKDAYS) {
    const day = hours[key];
    const span = day ? `${day.open}–${day.close}` : "";
    const last = groups.at(-1);
    if (last && last.span === span) last.to = key;
    else groups.push({ from: key, to: key, span });
  }
  const open = groups.filter((g) => g.span !== "");
  if (open.length === 0) return null;
  const parts = open.map((g) => `${g.from === g.to ? SHORT[g.from] : `${SHORT[g.from]}–${SHORT[g.to]}`} ${g.span}`);
  return `${parts.join(", ")} (${timeZone.replace(/_/g, " ")})`;
}
