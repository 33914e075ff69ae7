import Link from "next/link";
import { FIRST_PAGE, pagerChanges, type PageChange } from "@/lib/core/page-trail";

const link = "rounded-md px-2 py-1 text-brand-700 hover:bg-slate-100 hover:underline focus-visible:outline-2";

/**
 * The pager under a keyset-paginated table: newest, previous and next pages, with what the
 * viewer is looking at ("Rows 51–100 of 1,204"). Links, so paging works without JavaScript.
 */
export function Pager({
  trail,
  cursor,
  nextCursor,
  hrefOf,
  nextLabel = "Next page",
  firstLabel = "First page",
  summary,
}: {
  trail: string[];
  cursor: string | undefined;
  nextCursor: string | null | undefined;
  /** The page's URL with the cursor and trail changed. */
  hrefOf: (change: PageChange) => string;
  nextLabel?: string;
  firstLabel?: string;
  summary?: string;
}) {
  const c = pagerChanges(trail, cursor, nextCursor);
  if (!c.first && !c.next && !summary) return null;
  return (
    <nav className="mt-4 flex flex-wrap items-center justify-between gap-2 text-sm" aria-label="Pages">
      <p className="text-slate-600" data-testid="page-summary">{summary}</p>
      <div className="flex flex-wrap items-center gap-1">
        {c.first ? <Link href={hrefOf(c.first)} className={link}>« {firstLabel}</Link> : null}
        {c.previous ? (
          <Link href={hrefOf(c.previous)} className={link} rel="prev" data-testid="previous-page">
            ← Previous
          </Link>
        ) : null}
        {c.next ? (
          <Link href={hrefOf(c.next)} className={link} rel="next" data-testid="next-page">
            {nextLabel} →
          </Link>
        ) : null}
      </div>
    </nav>
  );
}

/**
 * "Rows 51–100 of 1,204" (or "of 10,000+" past a capped count) for a page of `shown` rows. The
 * position is known while the trail reaches back to the first page (its first entry is FIRST_PAGE).
 */
export function pageSummary(trail: string[], cursor: string | undefined, pageSize: number, shown: number, total?: { count: number; capped: boolean }): string | undefined {
  if (shown === 0) return undefined;
  const of = total ? ` of ${total.count.toLocaleString("en-US")}${total.capped ? "+" : ""}` : "";
  const known = !cursor || trail[0] === FIRST_PAGE;
  if (!known) return `${shown.toLocaleString("en-US")} rows${of}`;
  const start = cursor ? trail.length * pageSize : 0;
  return `Rows ${(start + 1).toLocaleString("en-US")}–${(start + shown).toLocaleString("en-US")}${of}`;
}
