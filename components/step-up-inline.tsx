"use client";

import { StepUpForm } from "@/components/account/step-up-form";
import { useStepUpMethod } from "@/components/account/step-up-method";

/**
 * Where an action was refused for want of sudo mode (SPEC §1: deleting data needs a password
 * entered in the last 10 minutes): the password, right there, then the action again.
 */
export function StepUpInline() {
  const factor = useStepUpMethod() === "second_factor";
  return (
    <div className="rounded-md border border-amber-200 bg-amber-50 p-3 text-left" data-testid="step-up-inline">
      <p className="mb-2 text-xs text-amber-900">
        {factor ? "This needs your second factor from the last 10 minutes. Confirm it’s you, then try again." : "This needs your password from the last 10 minutes. Confirm it, then try again."}
      </p>
      <StepUpForm />
    </div>
  );
}
