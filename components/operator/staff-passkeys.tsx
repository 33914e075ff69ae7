"use client";

import { startRegistration } from "@simplewebauthn/browser";
import { useActionState } from "react";
import { addStaffPasskeyAction, removeStaffPasskeyAction, staffPasskeyOptionsAction } from "@/app/operator-console/passkey-actions";
import { usePasskeyCeremony } from "@/components/account/use-passkey-ceremony";
import { usePasskeySupport } from "@/components/auth/use-passkey-support";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { FormState } from "@/lib/forms/form-state";

/** Adds a passkey to the signed-in staff account (audited in the platform chain). */
export function AddStaffPasskeyForm() {
  const supported = usePasskeySupport();
  const { state, pending, onSubmit } = usePasskeyCeremony({
    // staffAction's answer is typed as form state; this one also carries the options.
    begin: () => staffPasskeyOptionsAction() as Promise<FormState & { options?: Parameters<typeof startRegistration>[0]["optionsJSON"] }>,
    browser: (optionsJSON) => startRegistration({ optionsJSON }),
    finish: (json, form) => addStaffPasskeyAction(json, String(form?.get("name") ?? "")),
    cancelled: () => "No passkey was created. Try again when you are ready.",
  });
  if (supported === false) return <p className="text-sm text-slate-600">This browser cannot create passkeys.</p>;

  return (
    <div className="space-y-3">
      {state.ok ? <Alert tone="success">{state.message}</Alert> : null}
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      <form onSubmit={onSubmit} className="flex max-w-md flex-col gap-3 sm:flex-row sm:items-end" noValidate>
        <Field className="flex-1" id="staff-passkey-name" label="Name" name="name" maxLength={64} placeholder="e.g. Work laptop" hint="Optional." error={state.fieldErrors?.name} />
        <Button type="submit" disabled={pending || supported === null}>Add a passkey</Button>
      </form>
    </div>
  );
}

export function RemoveStaffPasskeyForm({ id, name }: { id: string; name: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(removeStaffPasskeyAction, {});
  return (
    <form action={action} className="flex flex-col items-end gap-2">
      <input type="hidden" name="passkeyId" value={id} />
      <Button type="submit" variant="danger" disabled={pending} aria-label={`Remove ${name}`}>Remove</Button>
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
    </form>
  );
}
