"use client";

import { startAuthentication } from "@simplewebauthn/browser";
import { useActionState, useRef, useState, type FormEvent } from "react";
import { staffSignInAction } from "@/app/operator-console/actions";
import { usePasskeySupport } from "@/components/auth/use-passkey-support";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { FormState } from "@/lib/forms/form-state";

/**
 * The console's sign-in when OPERATOR_REQUIRE_PASSKEY is on: email, password, then the
 * passkey (a discoverable ceremony whose assertion is posted with the form as `passkey`).
 * It needs JavaScript and WebAuthn, and says so where either is missing.
 */
export function StaffPasskeySignInForm() {
  const supported = usePasskeySupport();
  const [state, action, pending] = useActionState<FormState, FormData>(staffSignInAction, {});
  const [problem, setProblem] = useState<string | null>(null);
  const passkey = useRef<HTMLInputElement>(null);

  async function withPasskey(event: FormEvent<HTMLFormElement>) {
    if (passkey.current?.value) {
      // The assertion is in: the form goes to the server action (which reads it now); a retry needs a fresh one.
      setTimeout(() => passkey.current && (passkey.current.value = ""), 0);
      return;
    }
    event.preventDefault();
    const form = event.currentTarget;
    setProblem(null);
    try {
      const response = await fetch("/api/passkeys/sign-in-options", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ step: "console" }), credentials: "same-origin" });
      const payload = (await response.json().catch(() => null)) as { options?: Parameters<typeof startAuthentication>[0]["optionsJSON"] } | null;
      if (!payload?.options) return setProblem("Could not start the passkey sign-in. Try again.");
      const assertion = await startAuthentication({ optionsJSON: payload.options });
      passkey.current!.value = JSON.stringify(assertion);
      form.requestSubmit();
    } catch {
      setProblem("No passkey was used. Try again.");
    }
  }

  return (
    <form action={action} onSubmit={withPasskey} className="space-y-4">
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      {problem ? <Alert tone="error">{problem}</Alert> : null}
      <noscript>
        <Alert tone="warning">This console requires a passkey, which needs JavaScript.</Alert>
      </noscript>
      {supported === false ? <Alert tone="warning">This console requires a passkey, and this browser cannot use one.</Alert> : null}
      <Field label="Email" name="email" type="email" autoComplete="username" required defaultValue={state.values?.email} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      <input ref={passkey} type="hidden" name="passkey" defaultValue="" />
      <Button type="submit" className="w-full" disabled={pending || !supported}>
        Sign in with a passkey
      </Button>
      <p className="text-xs text-slate-500">After your password, your device asks for your passkey.</p>
    </form>
  );
}
