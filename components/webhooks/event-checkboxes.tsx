import { WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/event-types";

/** The events an endpoint subscribes to, as checkboxes named "events". */
export function EventCheckboxes({ checked, error }: { checked: (type: string) => boolean; error?: string }) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">Events</legend>
      {error ? <p className="text-xs text-red-700">Choose at least one event.</p> : null}
      <div className="mt-2 grid gap-2 sm:grid-cols-2">
        {WEBHOOK_EVENT_TYPES.map((t) => (
          <label key={t} className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="events" value={t} defaultChecked={checked(t)} />
            <span className="font-mono text-xs">{t}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
