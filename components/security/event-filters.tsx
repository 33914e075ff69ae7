import { FilterForm } from "@/components/ui/filter-form";
import { DayRangeFields, FilterActions, filterInput } from "@/components/ui/filter-bar";
import { SECURITY_EVENT_TYPES } from "@/lib/audit/security-events";
import type { SecurityPageState } from "@/lib/security-page/events";

const input = filterInput;

/** The filter bar (FilterForm): filters are links, apply as chosen, and work without JavaScript. */
export function SecurityEventFilters({ action, state }: { action: string; state: SecurityPageState }) {
  const f = state.filters;
  return (
    <FilterForm action={action} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" label="Filter security events">
      <label className="text-xs font-medium text-slate-700">
        Type
        <select name="type" defaultValue={f.type ?? ""} className={input}>
          <option value="">Any</option>
          {SECURITY_EVENT_TYPES.map((t) => (
            <option key={t} value={t}>{t}</option>
          ))}
        </select>
      </label>
      <label className="text-xs font-medium text-slate-700">
        IP address
        <input name="ip" type="search" maxLength={64} defaultValue={f.ip} placeholder="198.51.100.4" aria-describedby="ip-hint" className={input} />
        <span id="ip-hint" className="mt-1 block font-normal text-slate-500">Exact address.</span>
      </label>
      <DayRangeFields from={f.from} to={f.to} />
      <FilterActions clearHref={action} span="lg:col-span-4" />
    </FilterForm>
  );
}
