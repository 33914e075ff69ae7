"use client";

import { useActionState } from "react";
import { verifyEmailAction } from "@/app/(auth)/verify-email/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { FormState } from "@/lib/forms/form-state";

/** Confirms the address: one button in the browser that signed up, the password in any other. */
export function VerifyEmailForm({ token, workspace, needsPassword }: { token: string; workspace: string; needsPassword: boolean }) {
  const [state, action, pending] = useActionState<FormState, FormData>(verifyEmailAction.bind(null, token), {});
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="mt-5 space-y-4" noValidate>
      {state.error && !Object.keys(e).length ? <Alert tone="error">{state.error}</Alert> : null}
      {needsPassword ? (
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={128}
          error={e.password}
          hint="The one you chose when you signed up: this browser is not the one you signed up in."
        />
      ) : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Confirming…" : `Confirm and open ${workspace}`}
      </Button>
    </form>
  );
}
