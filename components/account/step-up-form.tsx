"use client";

import { useActionState, useId } from "react";
import { confirmPasswordAction } from "@/app/account/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { FormState } from "@/lib/forms/form-state";

export function StepUpForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(confirmPasswordAction, {});
  // A page can hold two of these (the account page's card and an inline prompt): ids of their own.
  const id = useId();
  if (state.ok) return <Alert tone="success">{state.message}</Alert>;
  return (
    <form action={action} className="flex max-w-md items-end gap-3" noValidate>
      <Field className="flex-1" id={`${id}-password`} label="Password" name="password" type="password" autoComplete="current-password" required maxLength={128} error={state.fieldErrors?.password} />
      <Button type="submit" variant="secondary" disabled={pending}>Confirm</Button>
    </form>
  );
}
