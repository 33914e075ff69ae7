"use client";

import { useActionState } from "react";
import { resetMemberFactorsAction } from "@/app/operator-console/users/actions";
import { ReasonField } from "@/components/operator/console-forms";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { FormState } from "@/lib/forms/form-state";

/** Removes a member's second factors after an identity check the operator writes down. */
export function ResetFactorsForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(resetMemberFactorsAction, {});
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-3" noValidate data-testid="reset-factors-form">
      {state.error && !Object.keys(e).length ? <Alert tone="error">{state.error}</Alert> : null}
      {state.message ? <Alert tone="success">{state.message}</Alert> : null}
      <Field label="Member's email address" name="email" type="email" required maxLength={254} defaultValue={state.values?.email} error={e.email} />
      <Field
        label="Identity check"
        hint="How you confirmed the request comes from the account's owner (for example: video call with ID, confirmed by the workspace owner)."
        name="identityCheck"
        required
        maxLength={500}
        defaultValue={state.values?.identityCheck}
        error={e.identityCheck ? state.error : undefined}
      />
      <ReasonField label="Reason (emailed to the member, and in the audit logs)" state={state} />
      <Button type="submit" variant="danger" disabled={pending}>
        Remove second factors
      </Button>
    </form>
  );
}
