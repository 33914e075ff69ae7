"use client";

import { useActionState } from "react";
import { deleteAccountAction, type DeleteAccountState } from "@/app/account/actions";
import { StepUpInline } from "@/components/step-up-inline";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

/** Account deletion: what happens, the address typed in full, sudo mode (checked on the server). */
export function DeleteAccountForm({ email, workspaces }: { email: string; workspaces: string[] }) {
  const [state, action, pending] = useActionState<DeleteAccountState, FormData>(deleteAccountAction, {});
  return (
    <div className="space-y-3" data-testid="delete-account">
      <ul className="list-disc space-y-1 pl-5 text-sm text-slate-600">
        <li>You leave {workspaces.length > 0 ? workspaces.map((w) => `“${w}”`).join(", ") : "no workspace"}; API keys you created there are revoked.</li>
        <li>Every session is signed out, and this address can no longer sign in.</li>
        <li>Audit entries you made keep your address until each workspace&apos;s retention removes them.</li>
        <li>If you are a workspace&apos;s only owner, make someone else an owner or cancel the workspace first.</li>
      </ul>
      <form action={action} className="space-y-3">
        <Field label={`Type ${email} to confirm`} name="confirmation" autoComplete="off" spellCheck={false} required className="max-w-sm" defaultValue={state.values?.confirmation} error={state.fieldErrors?.confirmation} />
        <Button type="submit" variant="danger" disabled={pending}>
          Delete my account
        </Button>
      </form>
      {state.error && !state.fieldErrors?.confirmation && !state.stepUpRequired ? <Alert tone="error">{state.error}</Alert> : null}
      {state.stepUpRequired ? <StepUpInline /> : null}
    </div>
  );
}
