"use client";

import { useActionState } from "react";
import { acceptInvitationAction, acceptWithNewAccountAction } from "@/app/invitations/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { FormState } from "@/lib/forms/form-state";

export function AcceptButton({ token, workspace }: { token: string; workspace: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(acceptInvitationAction.bind(null, token), {});
  return (
    <form action={action} className="space-y-3">
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      <Button type="submit" className="w-full" disabled={pending}>Join {workspace}</Button>
    </form>
  );
}

export function NewAccountForm({ token, email }: { token: string; email: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(acceptWithNewAccountAction.bind(null, token), {});
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.error && !Object.keys(e).length ? <Alert tone="error">{state.error}</Alert> : null}
      <Field label="Email" name="email-display" value={email} readOnly disabled />
      <Field label="Your name" name="name" autoComplete="name" required maxLength={120} defaultValue={state.values?.name} error={e.name} />
      <Field label="Password" name="password" type="password" autoComplete="new-password" required minLength={12} maxLength={128} error={e.password} hint="At least 12 characters." />
      <Button type="submit" className="w-full" disabled={pending}>Create account and join</Button>
    </form>
  );
}
