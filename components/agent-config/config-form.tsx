"use client";

import { useActionState, useState } from "react";
import { saveConfigAction } from "@/app/(dashboard)/[workspace]/config/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import type { AgentConfigContent } from "@/lib/agent-config/content";
import { AGENT_LANGUAGES, AGENT_VOICES, EMBED_DOMAINS_MAX, GREETING_MAX, WEEKDAYS, type Weekday } from "@/lib/agent-config/options";
import type { ActionResult } from "@/lib/forms/form-state";

interface Values {
  greeting: string;
  language: string;
  voice: string;
  timeZone: string;
  hours: Record<Weekday, { active: boolean; open: string; close: string }>;
  escalationNumber: string;
  embedDomains: string;
}

function valuesOf(content: AgentConfigContent): Values {
  return {
    greeting: content.greeting,
    language: content.language,
    voice: content.voice,
    timeZone: content.timeZone,
    hours: Object.fromEntries(
      WEEKDAYS.map((d) => {
        const day = content.hours[d.key];
        return [d.key, { active: day !== null, open: day?.open ?? "09:00", close: day?.close ?? "17:00" }];
      }),
    ) as Values["hours"],
    escalationNumber: content.escalationNumber ?? "",
    embedDomains: content.embedDomains.join("\n"),
  };
}

const textarea =
  "mt-1 block w-full rounded-md border bg-surface px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30";
const timeInput = "rounded-md border border-slate-300 bg-surface px-2 py-1 text-sm disabled:bg-slate-50 disabled:text-slate-500 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30";

/**
 * The editor of one configuration. Inputs are controlled, so a refused save keeps what was
 * typed; when the saved version changes (a save or a restore), the values follow it.
 */
export function ConfigForm({
  slug,
  configurationId,
  version,
  content,
  timeZones,
}: {
  slug: string;
  configurationId: string | null;
  version: number;
  content: AgentConfigContent;
  timeZones: string[];
}) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(saveConfigAction.bind(null, slug), {});
  const [values, setValues] = useState(() => valuesOf(content));
  const [shownVersion, setShownVersion] = useState(version);
  if (shownVersion !== version) {
    setShownVersion(version);
    setValues(valuesOf(content));
  }
  const dirty = JSON.stringify(values) !== JSON.stringify(valuesOf(content));
  const e = state.fieldErrors ?? {};
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));
  const setDay = (day: Weekday, patch: Partial<Values["hours"][Weekday]>) =>
    setValues((v) => ({ ...v, hours: { ...v.hours, [day]: { ...v.hours[day], ...patch } } }));
  const greetingLength = [...values.greeting].length;

  return (
    <form action={action} className="space-y-6" noValidate data-testid="config-form">
      <input type="hidden" name="configurationId" value={configurationId ?? ""} />
      <input type="hidden" name="baseVersion" value={version} />
      {state.ok && !dirty ? <Alert tone="success">{state.message}</Alert> : null}
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}

      <div>
        <label htmlFor="greeting" className="block text-sm font-medium text-slate-800">Greeting</label>
        <textarea
          id="greeting"
          name="greeting"
          rows={3}
          maxLength={GREETING_MAX}
          value={values.greeting}
          onChange={(ev) => set("greeting", ev.target.value)}
          aria-invalid={e.greeting ? true : undefined}
          aria-describedby="greeting-help"
          className={`${textarea} ${e.greeting ? "border-red-400" : "border-slate-300"}`}
        />
        <p id="greeting-help" className={`mt-1 text-xs ${e.greeting ? "text-red-700" : "text-slate-500"}`}>
          {e.greeting ?? `What callers hear first. Plain text; ${greetingLength}/${GREETING_MAX} characters.`}
        </p>
      </div>

      <div className="grid gap-4 sm:grid-cols-3">
        <Select
          label="Language"
          name="language"
          value={values.language}
          onChange={(ev) => set("language", ev.target.value)}
          error={e.language}
          options={AGENT_LANGUAGES.map((l) => ({ value: l.tag, label: `${l.label} · ${l.tag}` }))}
        />
        <Select
          label="Voice"
          name="voice"
          value={values.voice}
          onChange={(ev) => set("voice", ev.target.value)}
          error={e.voice}
          options={AGENT_VOICES.map((v) => ({ value: v.id, label: v.label }))}
        />
        <Select
          label="Time zone"
          name="timeZone"
          value={values.timeZone}
          onChange={(ev) => set("timeZone", ev.target.value)}
          error={e.timeZone}
          options={timeZones.map((z) => ({ value: z, label: z.replaceAll("_", " ") }))}
        />
      </div>

      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Active hours</legend>
        <p className="mt-0.5 text-xs text-slate-500">When the agent answers, in the time zone above. Outside them, callers are offered the escalation number.</p>
        {e.hours ? <p className="mt-1 text-xs text-red-700">{e.hours}</p> : null}
        <div className="mt-3 divide-y divide-slate-100 rounded-lg border border-slate-200">
          {WEEKDAYS.map((d) => {
            const day = values.hours[d.key];
            const error = e[`hours.${d.key}`];
            return (
              <div key={d.key} className="flex flex-wrap items-center gap-3 px-3 py-2" data-testid={`hours-${d.key}`}>
                <label className="flex w-32 items-center gap-2 text-sm text-slate-800">
                  <input type="checkbox" name={`hours.${d.key}.active`} checked={day.active} onChange={(ev) => setDay(d.key, { active: ev.target.checked })} />
                  {d.label}
                </label>
                {day.active ? (
                  <>
                    <label className="sr-only" htmlFor={`hours-${d.key}-open`}>{d.label} opens</label>
                    <input id={`hours-${d.key}-open`} type="time" name={`hours.${d.key}.open`} value={day.open} onChange={(ev) => setDay(d.key, { open: ev.target.value })} className={timeInput} aria-invalid={error ? true : undefined} />
                    <span className="text-sm text-slate-500">to</span>
                    <label className="sr-only" htmlFor={`hours-${d.key}-close`}>{d.label} closes</label>
                    <input id={`hours-${d.key}-close`} type="time" name={`hours.${d.key}.close`} value={day.close} onChange={(ev) => setDay(d.key, { close: ev.target.value })} className={timeInput} aria-invalid={error ? true : undefined} />
                  </>
                ) : (
                  <span className="text-sm text-slate-500">Closed</span>
                )}
                {error ? <span className="text-xs text-red-700">{error}</span> : null}
              </div>
            );
          })}
        </div>
      </fieldset>

      <Field
        label="Escalation number (optional)"
        name="escalationNumber"
        type="tel"
        inputMode="tel"
        maxLength={32}
        placeholder="+442079460123"
        value={values.escalationNumber}
        onChange={(ev) => set("escalationNumber", ev.target.value)}
        error={e.escalationNumber}
        hint="Where the agent transfers a caller who asks for a person, in E.164."
      />

      <div>
        <label htmlFor="embedDomains" className="block text-sm font-medium text-slate-800">Web widget: allowed embed domains</label>
        <textarea
          id="embedDomains"
          name="embedDomains"
          rows={3}
          value={values.embedDomains}
          onChange={(ev) => set("embedDomains", ev.target.value)}
          aria-invalid={e.embedDomains ? true : undefined}
          aria-describedby="embedDomains-help"
          placeholder={"example.com\n*.example.org"}
          className={`${textarea} font-mono ${e.embedDomains ? "border-red-400" : "border-slate-300"}`}
        />
        <p id="embedDomains-help" className={`mt-1 text-xs ${e.embedDomains ? "text-red-700" : "text-slate-500"}`}>
          {e.embedDomains ??
            `One hostname per line (at most ${EMBED_DOMAINS_MAX}); "*.example.com" covers its subdomains. No https://, ports or paths. Empty: the widget is not embeddable.`}
        </p>
      </div>

      <div className="flex flex-wrap items-center gap-3 border-t border-slate-100 pt-4">
        <Button type="submit" disabled={pending}>{pending ? "Saving…" : version === 0 ? "Save first version" : "Save new version"}</Button>
        {dirty ? (
          <>
            <Button type="button" variant="ghost" onClick={() => setValues(valuesOf(content))}>Discard changes</Button>
            <span className="text-xs font-medium text-amber-800" data-testid="unsaved">Unsaved changes</span>
          </>
        ) : null}
      </div>
    </form>
  );
}
