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
  lifetimes,
  maxLifetimeDays,
}: {
  slug: string;
  scopes: { value: string; label: string; held: boolean }[];
  publicScopes: string[];
  /** The expiry choices, those beyond the workspace's maximum disabled (lib/api-keys/lifetime). */
  lifetimes: { value: string; label: string; disabled?: boolean }[];
  maxLifetimeDays: number | null;
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
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <Select
            className="w-56"
            label="Expires"
            name="expiresInDays"
            defaultValue={maxLifetimeDays ? String(maxLifetimeDays) : ""}
            options={lifetimes}
            error={e.expiresInDays}
          />
          {maxLifetimeDays ? <p className="mt-1 text-xs text-slate-600">This workspace allows keys of at most {maxLifetimeDays} days.</p> : null}
        </div>
        <div>
          <label htmlFor="create-allowed-cidrs" className="block text-sm font-medium text-slate-800">IP allowlist (optional)</label>
          <textarea
            id="create-allowed-cidrs"
            name="allowedCidrs"
            rows={2}
            placeholder={"203.0.113.0/24\n2001:db8::/32"}
            aria-describedby="create-allowed-cidrs-hint"
            aria-invalid={e.allowedCidrs ? true : undefined}
            className="mt-1 block w-full rounded-md border border-slate-300 bg-surface px-3 py-2 font-mono text-sm"
          />
          <p id="create-allowed-cidrs-hint" className="mt-1 text-xs text-slate-600">CIDR ranges, IPv4 or IPv6, one per line. Empty: any address.</p>
          {e.allowedCidrs ? <p className="mt-1 text-xs text-red-700">{e.allowedCidrs}</p> : null}
        </div>
      </div>
      <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create key"}</Button>
    </form>
  );
}
