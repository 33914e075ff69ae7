import { FilterForm } from "@/components/ui/filter-form";
import { DayRangeFields, FilterActions, filterInput } from "@/components/ui/filter-bar";
import type { LogFilterValues } from "@/lib/request-logs/page-state";

const input = filterInput;

/** The Logs page's filter bar: a plain GET form, so a filtered view is a link and works without JavaScript. */
export function LogFilters({ slug, values, keys }: { slug: string; values: LogFilterValues; keys: { id: string; label: string }[] }) {
  return (
    <FilterForm action={`/${slug}/developers/logs`} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" label="Filter the request logs">
      <label className="text-xs font-medium text-slate-700 sm:col-span-2">
        Request id
        <input name="request_id" type="search" maxLength={64} defaultValue={values.request_id} placeholder="req_…" aria-describedby="request-id-hint" className={`${input} font-mono`} />
        <span id="request-id-hint" className="mt-1 block font-normal text-slate-500">The X-Request-Id of a response, or the request_id of an error.</span>
      </label>
      <label className="text-xs font-medium text-slate-700">
        Key
        <select name="key_id" defaultValue={values.key_id ?? ""} className={input}>
          <option value="">Any key</option>
          {keys.map((k) => (
            <option key={k.id} value={k.id}>{k.label}</option>
          ))}
        </select>
      </label>
      <label className="text-xs font-medium text-slate-700">
        Status
        <select name="status" defaultValue={values.status ?? ""} className={input}>
          <option value="">Any status</option>
          <option value="2xx">Succeeded (2xx)</option>
          <option value="4xx">Failed: client (4xx)</option>
          <option value="5xx">Failed: server (5xx)</option>
          {values.status && !/^[245]xx$/.test(values.status) ? <option value={values.status}>{values.status}</option> : null}
        </select>
      </label>
      <label className="text-xs font-medium text-slate-700">
        Method
        <select name="method" defaultValue={values.method ?? ""} className={input}>
          <option value="">Any method</option>
          {["GET", "POST", "PATCH", "DELETE"].map((m) => (
            <option key={m} value={m}>{m}</option>
          ))}
        </select>
      </label>
      <label className="text-xs font-medium text-slate-700">
        Path starts with
        <input name="path" type="search" maxLength={300} defaultValue={values.path} placeholder="/api/v1/calls" className={`${input} font-mono`} />
      </label>
      <DayRangeFields from={values.from} to={values.to} />
      <FilterActions clearHref={`/${slug}/developers/logs`} span="sm:col-span-2 lg:col-span-4" />
    </FilterForm>
  );
}
