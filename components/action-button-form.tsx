"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { StepUpInline } from "@/components/step-up-inline";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/forms/form-state";

/** One button that runs a server action and shows its refusal (step-up, permission) inline. */
export function ActionButtonForm({
  action,
  label,
  variant = "secondary",
  hidden,
}: {
  action: (prev: ActionResult, form: FormData) => Promise<ActionResult>;
  label: string;
  variant?: "primary" | "secondary" | "danger" | "ghost";
  hidden?: Record<string, string>;
}) {
  const [state, formAction, pending] = useActionState<ActionResult, FormData>(action, {});
  return (
    <div className="inline-flex flex-col items-start gap-2">
      <form action={formAction} className="inline-flex flex-col items-start gap-2">
        {Object.entries(hidden ?? {}).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <Button type="submit" variant={variant} disabled={pending}>{label}</Button>
        {state.error && !state.stepUpRequired ? <Alert tone="error">{state.error}</Alert> : null}
      </form>
      {state.stepUpRequired ? <StepUpInline /> : null}
    </div>
  );
}
