"use client";

import { useActionState } from "react";
import { regenerateRecoveryCodesAction, type TotpSetupState } from "@/app/account/two-factor-actions";
import { RecoveryCodesList } from "@/components/account/recovery-codes-list";
import { StepUpInline } from "@/components/step-up-inline";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** How many recovery codes are left, and a new set on demand (sudo mode), which voids the old. */
export function RecoveryCodesPanel({ left }: { left: number }) {
  const [state, action, pending] = useActionState<TotpSetupState, FormData>(async () => regenerateRecoveryCodesAction(), {});
  if (state.ok && state.recoveryCodes) {
    return (
      <div className="space-y-3">
        <Alert tone="success">{state.message}</Alert>
        <RecoveryCodesList codes={state.recoveryCodes} />
      </div>
    );
  }
  return (
    // The sudo prompt sits beside the form, never inside it: a form in a form posts the outer one.
    <div className="space-y-3" data-testid="recovery-codes-panel">
      <p className="text-sm text-slate-800">
        <strong data-testid="recovery-codes-left">{left}</strong> unused recovery code{left === 1 ? "" : "s"} left.
        {left <= 3 ? " Generate a new set before you run out." : ""}
      </p>
      {state.error ? <Alert tone={state.stepUpRequired ? "warning" : "error"}>{state.error}</Alert> : null}
      {state.stepUpRequired ? <StepUpInline /> : null}
      <form action={action}>
        <Button type="submit" variant="secondary" disabled={pending}>
          Generate new recovery codes
        </Button>
      </form>
    </div>
  );
}
