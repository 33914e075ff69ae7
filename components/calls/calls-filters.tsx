import { FilterForm } from "@/components/ui/filter-form";
import { DayRangeFields, FilterActions, filterInput } from "@/components/ui/filter-bar";
import type { CallsPageState } from "@/lib/calls/dashboard-query";
import { FILTER_OPTIONS } from "@/lib/calls/dashboard-query";
import { STATUS_LABEL } from "@/lib/format/calls";

const input = filterInput;

/** The filter bar (FilterForm): filters are links, apply as chosen, and work without JavaScript. */
export function CallsFilters({ slug, state }: { slug: string; state: CallsPageState }) {
  const f = state.filters;
  return (
    <FilterForm action={`/${slug}/calls`} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-6" label="Filter calls">
      {state.mode === "test" ? <input type="hidden" name="mode" value="test" /> : null}
      {f.sort ? <input type="hidden" name="sort" value={f.sort} /> : null}
      <label className="text-xs font-medium text-slate-700 lg:col-span-2">
        Caller number
        <input
          name="caller"
          type="search"
          inputMode="tel"
          maxLength={32}
          defaultValue={f.caller}
          placeholder="+2348035550789"
          aria-describedby="caller-hint"
          className={input}
        />
        <span id="caller-hint" className="mt-1 block font-normal text-slate-500">Full number, exact match (searched by its hash).</span>
      </label>
      <DayRangeFields from={f.from} to={f.to} />
      <label className="text-xs font-medium text-slate-700">
        Direction
        <select name="direction" defaultValue={f.direction ?? ""} className={input}>
          <option value="">Any</option>
          {FILTER_OPTIONS.directions.map((d) => (
            <option key={d} value={d}>{d === "inbound" ? "Inbound" : "Outbound"}</option>
          ))}
        </select>
      </label>
      <label className="text-xs font-medium text-slate-700">
        Status
        <select name="status" defaultValue={f.status ?? ""} className={input}>
          <option value="">Any</option>
          {FILTER_OPTIONS.statuses.map((s) => (
            <option key={s} value={s}>{STATUS_LABEL[s]}</option>
          ))}
        </select>
      </label>
      <FilterActions clearHref={`/${slug}/calls${state.mode === "test" ? "?mode=test" : ""}`} span="lg:col-span-6" />
    </FilterForm>
  );
}
