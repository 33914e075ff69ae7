"use client";

import { useActionState } from "react";
import { signUpAction } from "@/app/(auth)/actions";
import { CheckEmail } from "@/components/auth/check-email";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { FormState } from "@/lib/forms/form-state";

export function SignUpForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(signUpAction, {});
  const e = state.fieldErrors ?? {};
  const v = state.values ?? {};
  if (state.ok && state.message) return <CheckEmail message={state.message} email={v.email ?? ""} />;
  return (
    <form action={action} className="mt-5 space-y-4" noValidate>
      {state.error && !Object.keys(state.fieldErrors ?? {}).length ? <Alert tone="error">{state.error}</Alert> : null}
      <Field label="Your name" name="name" autoComplete="name" required maxLength={120} defaultValue={v.name} error={e.name} />
      <Field label="Work email" name="email" type="email" autoComplete="email" required maxLength={254} defaultValue={v.email} error={e.email} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={12}
        maxLength={128}
        error={e.password}
        hint="At least 12 characters. Common passwords are refused."
      />
      <Field
        label="Workspace name"
        name="workspaceName"
        required
        maxLength={80}
        defaultValue={v.workspaceName}
        error={e.workspaceName}
        hint="Your company or team. You can invite colleagues later."
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating…" : "Create workspace"}
      </Button>
    </form>
  );
}
