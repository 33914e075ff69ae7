import { FilterForm } from "@/components/ui/filter-form";
import { DayRangeFields, FilterActions, filterInput } from "@/components/ui/filter-bar";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { ACTOR_TYPES, type AuditPageState } from "@/lib/audit/entries";

const input = filterInput;

const ACTOR_LABEL: Record<(typeof ACTOR_TYPES)[number], string> = { user: "User", api_key: "API key", system: "System", staff: "Platform staff" };

/** The filter bar (FilterForm): filters are links, apply as chosen, and work without JavaScript. */
export function AuditFilters({ slug, state }: { slug: string; state: AuditPageState }) {
  const f = state.filters;
  return (
    <FilterForm action={`/${slug}/audit`} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" label="Filter the audit log">
      <label className="text-xs font-medium text-slate-700">
        Actor type
        <select name="actor_type" defaultValue={f.actor_type ?? ""} className={input}>
          <option value="">Any</option>
          {ACTOR_TYPES.map((t) => (
            <option key={t} value={t}>{ACTOR_LABEL[t]}</option>
          ))}
        </select>
      </label>
      <label className="text-xs font-medium text-slate-700">
        Actor
        <input name="actor" type="search" maxLength={254} defaultValue={f.actor} placeholder="ada@example.com" aria-describedby="actor-hint" className={input} />
        <span id="actor-hint" className="mt-1 block font-normal text-slate-500">Email, key name or id, exactly; end with * to match the start (e.g. ada*).</span>
      </label>
      <label className="text-xs font-medium text-slate-700">
        Action
        <select name="action" defaultValue={f.action ?? ""} className={input}>
          <option value="">Any</option>
          {AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a}>{a}</option>
          ))}
        </select>
      </label>
      <label className="text-xs font-medium text-slate-700">
        IP address
        <input name="ip" type="search" maxLength={64} defaultValue={f.ip} placeholder="198.51.100.4" className={input} />
      </label>
      <label className="text-xs font-medium text-slate-700">
        Target type
        <input name="target_type" type="search" maxLength={32} defaultValue={f.target_type} placeholder="api_key" className={input} />
      </label>
      <label className="text-xs font-medium text-slate-700">
        Target id
        <input name="target_id" type="search" maxLength={64} defaultValue={f.target_id} className={input} />
      </label>
      <DayRangeFields from={f.from} to={f.to} />
      <FilterActions clearHref={`/${slug}/audit`} span="lg:col-span-4" />
    </FilterForm>
  );
}
