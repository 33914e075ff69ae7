"use client";

import { useActionState } from "react";
import { saveWidgetAction, setWidgetEnabledAction } from "@/app/(dashboard)/[workspace]/config/widget-actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmSubmit } from "@/components/ui/confirm-submit";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/forms/form-state";

export interface WidgetSettingsView {
  configurationId: string;
  publicId: string;
  enabled: boolean;
  mode: string;
  botPolicy: string;
  ipAllow: string[];
  ipDeny: string[];
  countryAllow: string[];
  countryDeny: string[];
  theme: { accent?: string; title?: string; greeting?: string };
}

const textarea = "mt-1 block w-full rounded-md border bg-surface px-3 py-2 font-mono text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30";

/** A list field (one entry per line) whose error and hint are tied to it. */
function ListField({ name, label, hint, value, error }: { name: string; label: string; hint: string; value: string; error?: string }) {
  const id = `widget-${name}`;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">{label}</label>
      <textarea
        id={id}
        name={name}
        rows={2}
        defaultValue={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-help`}
        className={`${textarea} ${error ? "border-red-400" : "border-slate-300"}`}
      />
      <p id={`${id}-help`} className={`mt-1 text-xs ${error ? "text-red-700" : "text-slate-500"}`}>{error ?? hint}</p>
    </div>
  );
}

/** Enabling is one click; disabling asks first, since every embedded page loses its chat at once. */
export function WidgetEnabledForm({ slug, widget }: { slug: string; widget: WidgetSettingsView }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(setWidgetEnabledAction.bind(null, slug, widget.configurationId, !widget.enabled), {});
  return (
    <form action={action} className="flex flex-wrap items-center gap-3">
      <p className="text-sm text-slate-700" data-testid="widget-enabled">
        The widget is <strong>{widget.enabled ? "on" : "off"}</strong>
        {widget.mode === "test" ? " (test mode: no credits are spent)" : ""}.
      </p>
      {widget.enabled ? (
        <ConfirmSubmit
          label="Turn widget off"
          disabled={pending}
          confirm={{
            title: "Turn the web widget off?",
            description: "Every page that embeds it shows no chat from now on, and conversations in progress cannot continue. You can turn it on again at any time.",
            confirmLabel: "Turn off",
          }}
        />
      ) : (
        <Button type="submit" disabled={pending}>Turn widget on</Button>
      )}
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
    </form>
  );
}

/** The widget's restrictions and theme; a refused save keeps what was typed and names the field. */
export function WidgetSettingsForm({ slug, widget }: { slug: string; widget: WidgetSettingsView }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(saveWidgetAction.bind(null, slug, widget.configurationId), {});
  const e = state.fieldErrors ?? {};
  const v = (key: string, fallback: string) => state.values?.[key] ?? fallback;
  return (
    <form action={action} className="space-y-4" noValidate data-testid="widget-form">
      {state.ok ? <Alert tone="success">{state.message}</Alert> : null}
      {state.error && !state.ok ? <Alert tone="error">{state.error}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Select
          label="Mode"
          name="mode"
          defaultValue={v("mode", widget.mode)}
          error={e.mode}
          options={[{ value: "live", label: "Live — spends credits" }, { value: "test", label: "Test — for building your integration" }]}
        />
        <Select
          label="Bots"
          name="botPolicy"
          defaultValue={v("botPolicy", widget.botPolicy)}
          error={e.botPolicy}
          options={[{ value: "refuse", label: "Refuse detected bots" }, { value: "flag", label: "Serve, but flag and leave out of analytics" }]}
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <ListField name="ipAllow" label="Allowed IP ranges" hint="CIDR, one per line. Empty: every address not denied." value={v("ipAllow", widget.ipAllow.join("\n"))} error={e.ipAllow} />
        <ListField name="ipDeny" label="Denied IP ranges" hint="CIDR, one per line, e.g. 203.0.113.0/24. Deny wins over allow." value={v("ipDeny", widget.ipDeny.join("\n"))} error={e.ipDeny} />
        <ListField name="countryAllow" label="Allowed countries" hint="ISO codes such as GB, NG. Empty: every country not denied." value={v("countryAllow", widget.countryAllow.join(" "))} error={e.countryAllow} />
        <ListField name="countryDeny" label="Denied countries" hint="ISO codes, e.g. RU CN." value={v("countryDeny", widget.countryDeny.join(" "))} error={e.countryDeny} />
      </div>
      <fieldset className="grid gap-4 sm:grid-cols-[8rem_minmax(0,1fr)]">
        <legend className="mb-2 text-sm font-medium text-slate-800">Look</legend>
        <Field label="Accent colour" name="theme.accent" id="widget-accent" placeholder="#4f46e5" defaultValue={v("theme.accent", widget.theme.accent ?? "")} error={e["theme.accent"]} />
        <Field label="Title" name="theme.title" id="widget-title" placeholder="Chat with us" defaultValue={v("theme.title", widget.theme.title ?? "")} error={e["theme.title"]} />
        <Field
          className="sm:col-span-2"
          label="Widget greeting"
          name="theme.greeting"
          id="widget-greeting"
          hint="Empty: the agent's greeting above."
          defaultValue={v("theme.greeting", widget.theme.greeting ?? "")}
          error={e["theme.greeting"]}
        />
      </fieldset>
      <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save widget"}</Button>
    </form>
  );
}
