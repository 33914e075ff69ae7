"use client";

import { useActionState } from "react";
import { changePasswordAction } from "@/app/account/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { FormState } from "@/lib/forms/form-state";

export function ChangePasswordForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(changePasswordAction, {});
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="max-w-md space-y-4" noValidate>
      {state.ok ? <Alert tone="success">{state.message}</Alert> : null}
      {state.error && !Object.keys(e).length ? <Alert tone="error">{state.error}</Alert> : null}
      <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" required maxLength={128} error={e.currentPassword} />
      <Field label="New password" name="newPassword" type="password" autoComplete="new-password" required minLength={12} maxLength={128} error={e.newPassword} hint="At least 12 characters. Your other sessions will be signed out." />
      <Field label="Repeat the new password" name="confirm" type="password" autoComplete="new-password" required maxLength={128} error={e.confirm} />
      <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Change password"}</Button>
    </form>
  );
}
