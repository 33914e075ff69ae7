/**
 * "Previous page" for keyset-paginated dashboard lists (issue 18 item 5). A keyset cursor
 * only knows the way forward, so the page's URL carries the trail behind it: `back` holds the
 * cursors of the earlier pages, oldest first, joined by "." (cursors are base64url or digits,
 * so "." never occurs in one; the first page is "_", which no cursor is). The trail keeps the last
 * {@link TRAIL_MAX} pages so a URL stays short; "First page" is always there past those.
 */
export const TRAIL_MAX = 20;
const PART = /^[A-Za-z0-9_-]{1,200}$/;
/** The first page in a trail. */
export const FIRST_PAGE = "_";

/** The trail of a page's `back` parameter; a malformed one is ignored (the links still work). */
export function parseTrail(raw: string | undefined): string[] {
  if (!raw) return [];
  const parts = raw.split(".");
  return parts.length <= TRAIL_MAX && parts.every((p) => PART.test(p)) ? parts : [];
}

export type PageChange = { cursor: string | undefined; back: string | undefined };

const joined = (trail: string[]) => (trail.length > 0 ? trail.join(".") : undefined);

/** The parameter changes of the pager's links from a page at `cursor` with `trail` behind it. */
export function pagerChanges(trail: string[], cursor: string | undefined, nextCursor: string | null | undefined) {
  const onFirst = !cursor;
  const previous: PageChange | null = onFirst
    ? null
    : trail.length > 0
      ? { cursor: trail.at(-1) === FIRST_PAGE ? undefined : trail.at(-1), back: joined(trail.slice(0, -1)) }
      : null;
  return {
    first: onFirst ? null : ({ cursor: undefined, back: undefined } satisfies PageChange),
    previous,
    next: nextCursor ? ({ cursor: nextCursor, back: joined([...trail, cursor ?? FIRST_PAGE].slice(-TRAIL_MAX)) } satisfies PageChange) : null,
  };
}

/**
 * A list URL's parameters: the page's own with `change` applied (undefined removes one). A
 * change of `cursor` alone — a new filter, back to the newest — also drops the trail.
 */
export function mergePageParams(base: Record<string, string | undefined>, change: Record<string, string | undefined>): URLSearchParams {
  const merged: Record<string, string | undefined> = { ...base, ...change };
  if ("cursor" in change && !("back" in change)) delete merged.back;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) if (v) params.set(k, v);
  return params;
}

/** Lists count their rows up to this many; past it the total reads "10,000+". */
export const COUNT_CAP = 10_000;

/** A row count that stopped at {@link COUNT_CAP}. */
export interface CappedCount {
  count: number;
  capped: boolean;
}

export function cappedCount(n: number): CappedCount {
  return n > COUNT_CAP ? { count: COUNT_CAP, capped: true } : { count: n, capped: false };
}

/** The `back` parameter of a trail (undefined on the first page). */
export function trailParam(trail: string[]): string | undefined {
  return joined(trail);
}
