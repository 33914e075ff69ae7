"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { StepUpInline } from "@/components/step-up-inline";
import { Button } from "@/components/ui/button";
import { useNotify } from "@/components/ui/toast";
import type { Confirmation } from "@/components/ui/confirm-dialog";
import { ConfirmSubmit } from "@/components/ui/confirm-submit";
import type { ActionResult } from "@/lib/forms/form-state";

/**
 * One button that runs a server action and shows its refusal (step-up, permission) inline.
 * With `confirm`, the button first asks in a dialog (destructive actions); the form is
 * submitted only when the user confirms.
 */
export function ActionButtonForm({
  action,
  label,
  variant = "secondary",
  hidden,
  confirm,
  className,
}: {
  action: (prev: ActionResult, form: FormData) => Promise<ActionResult>;
  label: string;
  variant?: "primary" | "secondary" | "danger" | "ghost";
  hidden?: Record<string, string>;
  confirm?: Confirmation;
  className?: string;
}) {
  const notify = useNotify();
  // The outcome of a one-button action often removes the button (a revoked key's row loses
  // it): it is told in a toast, from the provider, which outlives this form.
  const [state, formAction, pending] = useActionState<ActionResult, FormData>(async (prev, form) => {
    const result = await action(prev, form);
    if (result.ok && result.message) notify(result.message);
    return result;
  }, {});
  return (
    <div className="inline-flex flex-col items-start gap-2">
      <form action={formAction} className="inline-flex flex-col items-start gap-2">
        {Object.entries(hidden ?? {}).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        {confirm ? (
          <ConfirmSubmit label={label} confirm={confirm} variant={variant} disabled={pending} className={className} />
        ) : (
          <Button type="submit" variant={variant} disabled={pending} className={className}>
            {label}
          </Button>
        )}
        {state.error && !state.stepUpRequired ? <Alert tone="error">{state.error}</Alert> : null}
      </form>
      {state.stepUpRequired ? <StepUpInline /> : null}
    </div>
  );
}
