"use client";

import { useActionState } from "react";
import { resendVerificationAction } from "@/app/(auth)/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { FormState } from "@/lib/forms/form-state";

/** What a sign-up answers, for every address: check your email, or send the link again. */
export function CheckEmail({ message, email }: { message: string; email: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(resendVerificationAction, {});
  return (
    <div className="mt-5 space-y-4" data-testid="check-email">
      <Alert tone="success">{message}</Alert>
      <p className="text-sm text-slate-600">
        Sent to <span className="font-medium text-slate-900">{email}</span>. Nothing is created until the address is confirmed; open the
        link in this browser, or in another one with the password you chose.
      </p>
      <form action={action} className="space-y-3">
        <input type="hidden" name="email" value={email} />
        {state.error ? <Alert tone="error">{state.error}</Alert> : null}
        {state.ok && state.message ? <Alert tone="info">{state.message}</Alert> : null}
        <Button type="submit" variant="secondary" className="w-full" disabled={pending}>
          {pending ? "Sending…" : "Send the link again"}
        </Button>
      </form>
    </div>
  );
}
