import { Button } from "@/components/ui/button";
import { SECURITY_EVENT_TYPES } from "@/lib/audit/security-events";
import type { SecurityPageState } from "@/lib/security-page/events";

const input =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30";

/** The filter bar: a plain GET form, so filters are links and work without JavaScript. */
export function SecurityEventFilters({ slug, state }: { slug: string; state: SecurityPageState }) {
  const f = state.filters;
  return (
    <form method="get" action={`/${slug}/security`} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" aria-label="Filter security events">
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
      <label className="text-xs font-medium text-slate-700">
        From
        <input name="from" type="date" defaultValue={f.from} className={input} />
      </label>
      <label className="text-xs font-medium text-slate-700">
        To
        <input name="to" type="date" defaultValue={f.to} className={input} />
      </label>
      <div className="flex items-end gap-2 lg:col-span-4">
        <Button type="submit">Apply filters</Button>
        <a href={`/${slug}/security`} className="rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100">
          Clear
        </a>
      </div>
    </form>
  );
}
