"use client";

import { startRegistration } from "@simplewebauthn/browser";
import { addPasskeyAction, passkeyRegistrationOptionsAction, type AddPasskeyResult } from "@/app/account/passkey-actions";
import { RecoveryCodesList } from "@/components/account/recovery-codes-list";
import { usePasskeyCeremony } from "@/components/account/use-passkey-ceremony";
import { usePasskeySupport } from "@/components/auth/use-passkey-support";
import { StepUpInline } from "@/components/step-up-inline";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

/**
 * Adds a passkey: a name (optional; a default from the kind of authenticator), the options
 * from the server (sudo mode: the prompt appears here when it is needed), the browser's
 * ceremony, and the verification. Explains itself where WebAuthn is unavailable.
 */
export function AddPasskeyForm() {
  const supported = usePasskeySupport();
  const { state, pending, onSubmit } = usePasskeyCeremony({
    begin: () => passkeyRegistrationOptionsAction(),
    browser: (optionsJSON) => startRegistration({ optionsJSON }),
    finish: (json, form) => addPasskeyAction(json, String(form?.get("name") ?? "")),
    cancelled: (error) =>
      error instanceof Error && error.name === "InvalidStateError" ? "This authenticator already holds a passkey for your account." : "No passkey was created. Try again when you are ready.",
  });
  if (supported === false) return <p className="text-sm text-slate-600">This browser cannot create passkeys. Use a current browser on a device with a screen lock, or a security key.</p>;
  const codes = (state as AddPasskeyResult).recoveryCodes;

  return (
    <div className="space-y-3">
      <h4 className="text-sm font-medium text-slate-800">Add a passkey</h4>
      {state.ok ? <Alert tone="success">{state.message}</Alert> : null}
      {codes ? <RecoveryCodesList codes={codes} /> : null}
      {state.error && !state.stepUpRequired ? <Alert tone="error">{state.error}</Alert> : null}
      {state.stepUpRequired ? <StepUpInline /> : null}
      <form onSubmit={onSubmit} className="flex max-w-md flex-col gap-3 sm:flex-row sm:items-end" noValidate>
        <Field className="flex-1" id="new-passkey-name" label="Name" name="name" maxLength={64} placeholder="e.g. Work laptop" hint="Optional: to tell your passkeys apart." error={state.fieldErrors?.name} />
        <Button type="submit" disabled={pending || supported === null}>Add a passkey</Button>
      </form>
    </div>
  );
}
