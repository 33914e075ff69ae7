"use client";

import { useActionState } from "react";
import { changeStaffPasswordAction } from "@/app/operator-console/password/actions";
import { signOutUserEverywhereAction } from "@/app/operator-console/users/actions";
import { ReasonField } from "@/components/operator/console-forms";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { FormState } from "@/lib/forms/form-state";

function Outcome({ state }: { state: FormState }) {
  if (state.error && !Object.keys(state.fieldErrors ?? {}).length) return <Alert tone="error">{state.error}</Alert>;
  if (state.message) return <Alert tone="success">{state.message}</Alert>;
  return null;
}

export function ChangeStaffPasswordForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(changeStaffPasswordAction, {});
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <Outcome state={state} />
      <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" required error={e.currentPassword} />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        minLength={12}
        maxLength={128}
        error={e.newPassword}
        hint="At least 12 characters; common, breached and context words are refused."
      />
      <Field label="Confirm new password" name="confirm" type="password" autoComplete="new-password" required error={e.confirm} />
      <Button type="submit" disabled={pending}>Change password</Button>
    </form>
  );
}

export function SignOutEverywhereForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(signOutUserEverywhereAction, {});
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-3" noValidate>
      <Outcome state={state} />
      <Field label="Member's email address" name="email" type="email" required maxLength={254} defaultValue={state.values?.email} error={e.email} />
      <ReasonField label="Reason (emailed to the member, and in the audit logs)" state={state} />
      <Button type="submit" variant="danger" disabled={pending}>Sign out everywhere</Button>
    </form>
  );
}
