/**
 * Filters that dashboard pages read from their URL: one value per parameter, and a day range
 * typed as dates (YYYY-MM-DD, UTC) where "to" is the last day shown, inclusive.
 */
export type SearchParams = Record<string, string | string[] | undefined>;

export const oneParam = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dayStart = (date: string) => new Date(`${date}T00:00:00Z`);

/** A real calendar day (2026-02-30 is not one). */
export const isDay = (date: string) => DATE.test(date) && !Number.isNaN(dayStart(date).getTime()) && dayStart(date).toISOString().startsWith(date);

/** `from`/`to` days → [from 00:00, day after `to` 00:00); problems are added to `errors`. */
export function parseDayRange(from: string | undefined, to: string | undefined, errors: string[]): { from?: Date; to?: Date } {
  const range: { from?: Date; to?: Date } = {};
  if (from) {
    if (isDay(from)) range.from = dayStart(from);
    else errors.push("from: a date (YYYY-MM-DD).");
  }
  if (to) {
    if (isDay(to)) range.to = new Date(dayStart(to).getTime() + 86_400_000);
    else errors.push("to: a date (YYYY-MM-DD).");
  }
  if (range.from && range.to && range.from >= range.to) errors.push("from: must not be after to.");
  return range;
}
