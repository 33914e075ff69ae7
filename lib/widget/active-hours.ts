import type { AgentConfigContent } from "../agent-config/content";
import type { Weekday } from "../agent-config/options";

const WEEKDAY_OF: Record<string, Weekday> = { Mon: "mon", Tue: "tue", Wed: "wed", Thu: "thu", Fri: "fri", Sat: "sat", Sun: "sun" };
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    formats.set(timeZone, format);
  }
  return format;
}

/** The weekday and "HH:MM" of an instant in a time zone (the agent's). */
export function localTime(now: Date, timeZone: string): { day: Weekday; time: string } {
  const parts = Object.fromEntries(formatFor(timeZone).formatToParts(now).map((p) => [p.type, p.value]));
  return { day: WEEKDAY_OF[parts.weekday ?? "Mon"] ?? "mon", time: `${parts.hour}:${parts.minute}` };
}

/**
 * Whether the agent is open at `now` (SPEC §14 "active hours"): the weekday's opening in the
 * agent's time zone, open ≤ time < close (a close of 24:00 covers the day's end). A day of
 * null is closed. A zone the runtime does not know counts as closed, never as always open.
 */
export function isWithinActiveHours(content: Pick<AgentConfigContent, "hours" | "timeZone">, now: Date): boolean {
  let local: { day: Weekday; time: string };
  try {
    local = localTime(now, content.timeZone);
  } catch {
    return false;
  }
  const day = content.hours[local.day];
  return !!day && local.time >= day.open && local.time < day.close;
}
