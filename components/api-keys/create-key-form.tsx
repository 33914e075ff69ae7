"use client";

import { useActionState, useState } from "react";
import { createKeyAction, type CreateKeyResult } from "@/app/(dashboard)/[workspace]/developers/api-keys/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";

export function CreateKeyForm({
  slug,
  scopes,
  publicScopes,
}: {
  slug: string;
  scopes: { value: string; label: string; held: boolean }[];
  publicScopes: string[];
}) {
  const [state, action, pending] = useActionState<CreateKeyResult, FormData>(createKeyAction.bind(null, slug), {});
  const [type, setType] = useState("sk");
  const [copied, setCopied] = useState(false);
  const e = state.fieldErrors ?? {};
  if (state.key) {
    return (
      <div className="space-y-3" data-testid="new-key">
        <Alert tone="warning">Copy this key now. It is shown only once; we store only a hash of it.</Alert>
        <div className="flex items-center gap-2">
          <code className="flex-1 break-all rounded-md bg-ink px-3 py-2 font-mono text-sm text-emerald-300" data-testid="new-key-value">
            {state.key}
          </code>
          <Button
            type="button"
            variant="secondary"
            onClick={() => navigator.clipboard?.writeText(state.key!).then(() => setCopied(true))}
          >
            {copied ? "Copied" : "Copy"}
          </Button>
        </div>
      </div>
    );
  }
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.error && !Object.keys(e).length ? <Alert tone={state.stepUpRequired ? "warning" : "error"}>{state.error}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-4">
        <Field className="sm:col-span-2" label="Name" name="name" required maxLength={80} defaultValue={state.values?.name} error={e.name} hint="Where it is used, e.g. “Production server”." />
        <Select label="Type" name="type" value={type} onChange={(ev) => setType(ev.target.value)} options={[{ value: "sk", label: "Secret (server)" }, { value: "pk", label: "Public (browser, read-only)" }]} />
        <Select label="Mode" name="mode" defaultValue="test" options={[{ value: "test", label: "Test data" }, { value: "live", label: "Live data" }]} />
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Scopes</legend>
        <p className="text-xs text-slate-500">A key can have only permissions you hold. Public keys are read-only.</p>
        <div className="mt-2 grid gap-1.5 sm:grid-cols-2">
          {scopes.map((s) => {
            const disabled = !s.held || (type === "pk" && !publicScopes.includes(s.value));
            return (
              <label key={s.value} className={`flex items-center gap-2 text-sm ${disabled ? "text-slate-500" : "text-slate-800"}`}>
                <input type="checkbox" name="scopes" value={s.value} disabled={disabled} className="h-4 w-4 rounded border-slate-300" />
                <span>{s.label}</span> <span className="font-mono text-xs text-slate-500">{s.value}</span>
              </label>
            );
          })}
        </div>
        {e.scopes ? <p className="mt-1 text-xs text-red-700">{e.scopes}</p> : null}
      </fieldset>
      <Select
        className="w-56"
        label="Expires"
        name="expiresInDays"
        defaultValue=""
        options={[{ value: "", label: "Never" }, { value: "30", label: "In 30 days" }, { value: "90", label: "In 90 days" }, { value: "365", label: "In a year" }]}
      />
      <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create key"}</Button>
    </form>
  );
}
