"use client";

import { useActionState, useId } from "react";
import { confirmPasswordAction } from "@/app/account/actions";
import { confirmCodeAction } from "@/app/account/two-factor-actions";
import { PasskeyStepUpButton } from "@/components/account/passkey-step-up-button";
import { useStepUpMethod, useStepUpPasskeys } from "@/components/account/step-up-method";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { FormState } from "@/lib/forms/form-state";

/** Sudo mode: the password, or for a user with a second factor, the factor (SPEC §1). */
export function StepUpForm() {
  const method = useStepUpMethod();
  const passkeys = useStepUpPasskeys();
  if (method !== "second_factor") return <StepUpPasswordForm />;
  // A passkey with user verification confirms on its own; the code form stays for apps and recovery codes.
  return (
    <div className="space-y-3">
      <StepUpCodeForm />
      {passkeys ? <PasskeyStepUpButton /> : null}
    </div>
  );
}

function StepUpPasswordForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(confirmPasswordAction, {});
  // A page can hold two of these (the account page's card and an inline prompt): ids of their own.
  const id = useId();
  if (state.ok) return <Alert tone="success">{state.message}</Alert>;
  return (
    <form action={action} className="flex max-w-md flex-wrap items-end gap-3" noValidate>
      <Field className="min-w-0 flex-1" id={`${id}-password`} label="Password" name="password" type="password" autoComplete="current-password" required maxLength={128} error={state.fieldErrors?.password} />
      <Button type="submit" variant="secondary" disabled={pending}>Confirm</Button>
    </form>
  );
}

function StepUpCodeForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(confirmCodeAction, {});
  const id = useId();
  if (state.ok) return <Alert tone="success">{state.message}</Alert>;
  return (
    <form action={action} className="flex max-w-md flex-wrap items-end gap-3" noValidate data-testid="step-up-code-form">
      <Field
        className="min-w-0 flex-1"
        id={`${id}-code`}
        label="Authentication code"
        hint="From your authenticator app, or a recovery code."
        name="code"
        inputMode="text"
        autoComplete="one-time-code"
        required
        maxLength={32}
        error={state.fieldErrors?.code}
      />
      <Button type="submit" variant="secondary" disabled={pending}>Confirm</Button>
    </form>
  );
}
