import Link from "next/link";

export interface FilterChip {
  /** What the filter is ("Status"). */
  name: string;
  /** Its value as the viewer reads it ("Failed: client (4xx)"). */
  value: string;
  /** The same page without this filter (and back to the first page). */
  removeHref: string;
}

/**
 * The filters in force, each a chip that removes itself (issue 18 item 5): links, so they
 * work without JavaScript and a filtered view stays a URL.
 */
export function FilterChips({ chips, clearHref }: { chips: FilterChip[]; clearHref: string }) {
  if (chips.length === 0) return null;
  return (
    <div className="flex flex-wrap items-center gap-2 text-xs" data-testid="filter-chips">
      <span className="text-slate-600">Filtered by</span>
      <ul className="contents">
        {chips.map((c) => (
          <li key={c.name}>
            <Link
              href={c.removeHref}
              aria-label={`Remove the filter ${c.name}: ${c.value}`}
              className="inline-flex max-w-full items-center gap-1 rounded-full bg-slate-100 px-2.5 py-1 text-slate-800 hover:bg-slate-200"
            >
              <span className="font-medium">{c.name}:</span> <span className="truncate [max-width:16rem]">{c.value}</span>
              <span aria-hidden="true" className="text-slate-500">×</span>
            </Link>
          </li>
        ))}
      </ul>
      {chips.length > 1 ? (
        <Link href={clearHref} className="text-brand-700 hover:underline">Clear all</Link>
      ) : null}
    </div>
  );
}
