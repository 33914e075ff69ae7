import { Button } from "@/components/ui/button";

/** The input style of every dashboard filter bar. */
export const filterInput =
  "mt-1 block w-full rounded-md border border-slate-300 bg-surface px-2.5 py-1.5 text-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30";

/** "From" and "To" day inputs (the page treats "to" as inclusive). */
export function DayRangeFields({ from, to }: { from?: string; to?: string }) {
  return (
    <>
      <label className="text-xs font-medium text-slate-700">
        From
        <input name="from" type="date" defaultValue={from} className={filterInput} />
      </label>
      <label className="text-xs font-medium text-slate-700">
        To
        <input name="to" type="date" defaultValue={to} className={filterInput} />
      </label>
    </>
  );
}

/** Apply and Clear, under the fields. */
export function FilterActions({ clearHref, span }: { clearHref: string; span: string }) {
  return (
    <div className={`flex items-end gap-2 ${span}`}>
      <Button type="submit">Apply filters</Button>
      <a href={clearHref} className="rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100">
        Clear
      </a>
    </div>
  );
}
