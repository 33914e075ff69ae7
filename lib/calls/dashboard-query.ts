import { mergePageParams, parseTrail, trailParam } from "../core/page-trail";
import { z } from "zod";
import { oneParam } from "../forms/url-filters";
import { zodDetails } from "../core/parse";
import { CALL_DIRECTIONS, CALL_STATUSES } from "./kinds";
import { CALL_SORTS, callsQuery, type CallsQuery } from "./schemas";
import type { KeyMode } from "../db/generated/client";

/**
 * The call log page's URL (and its export's): the API's filters in a form a person types —
 * dates instead of timestamps, the data mode, the open call. Everything is validated; a bad
 * value is reported, never thrown at the page.
 */
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const one = oneParam;

export interface CallsPageState {
  mode: KeyMode;
  /** The raw filter values, for the form and for links. */
  filters: { from?: string; to?: string; direction?: string; status?: string; caller?: string; sort?: string };
  query: CallsQuery;
  openCallId?: string;
  /** The cursors of the pages before this one (lib/core/page-trail). */
  trail: string[];
  errors: string[];
}

const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString();

export function parseCallsPage(params: Record<string, string | string[] | undefined>, limit = 50): CallsPageState {
  const mode: KeyMode = one(params.mode) === "test" ? "test" : "live";
  const filters = {
    from: one(params.from),
    to: one(params.to),
    direction: one(params.direction),
    status: one(params.status),
    caller: one(params.caller),
    sort: one(params.sort),
  };
  const errors: string[] = [];
  const candidate = {
    limit,
    cursor: one(params.cursor),
    from: filters.from && DATE.test(filters.from) ? `${filters.from}T00:00:00Z` : filters.from,
    // "To" is the last day shown, inclusive.
    to: filters.to && DATE.test(filters.to) ? nextDay(filters.to) : filters.to,
    direction: filters.direction,
    status: filters.status,
    caller: filters.caller,
    sort: filters.sort,
  };
  const parsed = callsQuery.safeParse(candidate);
  let query: CallsQuery;
  if (parsed.success) {
    query = parsed.data;
  } else {
    errors.push(...zodDetails(parsed.error).map((d) => `${d.field ?? "filter"}: ${d.issue}`));
    query = { limit, sort: "-started_at" };
  }
  const call = one(params.call);
  return { mode, filters, query, openCallId: call && z.uuid().safeParse(call).success ? call : undefined, trail: query.cursor ? parseTrail(one(params.back)) : [], errors };
}

/** A link to the page with some parameters changed (undefined removes one). */
export function callsHref(slug: string, state: CallsPageState, change: Record<string, string | undefined>): string {
  const base: Record<string, string | undefined> = { ...state.filters, mode: state.mode === "test" ? "test" : undefined, cursor: state.query.cursor, back: trailParam(state.trail), call: state.openCallId };
  const qs = mergePageParams(base, change).toString();
  return `/${slug}/calls${qs ? `?${qs}` : ""}`;
}

export const FILTER_OPTIONS = { directions: CALL_DIRECTIONS, statuses: CALL_STATUSES, sorts: CALL_SORTS };
