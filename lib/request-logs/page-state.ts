import { mergePageParams, parseTrail, trailParam } from "../core/page-trail";
import { oneParam, parseDayRange, type SearchParams } from "../forms/url-filters";
import { requestLogFilters, type RequestLogFilters } from "./schemas";

/**
 * The Logs page's URL (Developers → Logs): the API's filters, typed by a person — validated,
 * and a bad value reported on the page, never thrown at it. Days (YYYY-MM-DD, UTC) stand for
 * the API's `from`/`to` times; `to` is the last day shown.
 */
export const LOG_FILTER_KEYS = ["request_id", "key_id", "status", "method", "path", "from", "to"] as const;
export type LogFilterValues = Partial<Record<(typeof LOG_FILTER_KEYS)[number], string>>;

export interface LogsPageState {
  values: LogFilterValues;
  filters: RequestLogFilters;
  cursor?: string;
  /** The cursors of the pages before this one (lib/core/page-trail). */
  trail: string[];
  errors: string[];
}

export function parseLogsPage(params: SearchParams): LogsPageState {
  const values: LogFilterValues = Object.fromEntries(LOG_FILTER_KEYS.map((k) => [k, oneParam(params[k])]).filter(([, v]) => v));
  const errors: string[] = [];
  const filters: RequestLogFilters = {};
  for (const key of ["request_id", "key_id", "status", "method", "path"] as const) {
    const value = values[key];
    if (value === undefined) continue;
    const parsed = requestLogFilters[key].safeParse(key === "method" ? value.toUpperCase() : value);
    if (parsed.success) Object.assign(filters, { [key]: parsed.data });
    else errors.push(`${key.replace("_", " ")}: ${parsed.error.issues[0]?.message ?? "invalid"}.`);
  }
  const range = parseDayRange(values.from, values.to, errors);
  if (range.from) filters.from = range.from.toISOString();
  if (range.to) filters.to = range.to.toISOString();
  const cursor = oneParam(params.cursor);
  const kept = cursor && cursor.length <= 200 ? cursor : undefined;
  return { values, filters, cursor: kept, trail: kept ? parseTrail(oneParam(params.back)) : [], errors };
}

/** The page's URL with `changes` applied (undefined removes a parameter). */
export function logsHref(slug: string, state: LogsPageState, changes: Partial<Record<(typeof LOG_FILTER_KEYS)[number] | "cursor" | "back", string | undefined>>): string {
  const params = mergePageParams({ ...state.values, cursor: state.cursor, back: trailParam(state.trail) }, changes);
  return `/${slug}/developers/logs${params.size ? `?${params}` : ""}`;
}

const FILTER_NAMES: Record<(typeof LOG_FILTER_KEYS)[number], string> = {
  request_id: "Request id",
  key_id: "Key",
  status: "Status",
  method: "Method",
  path: "Path",
  from: "From",
  to: "To",
};

/** The filters in force as removable chips: name, the value as the viewer reads it, the page without it. */
export function logChips(slug: string, state: LogsPageState, keys: { id: string; label: string }[]): { name: string; value: string; removeHref: string }[] {
  return LOG_FILTER_KEYS.filter((k) => state.values[k]).map((k) => {
    const raw = state.values[k]!;
    const value = k === "key_id" ? (keys.find((key) => key.id === raw)?.label ?? raw) : k === "path" ? `${raw}…` : raw;
    return { name: FILTER_NAMES[k], value, removeHref: logsHref(slug, state, { [k]: undefined, cursor: undefined }) };
  });
}
