"use client";

import { useActionState, useId } from "react";
import {
  clearLockoutAction,
  reactivateCancelledAction,
  staffSignInAction,
  suspendWorkspaceAction,
  unsuspendWorkspaceAction,
} from "@/app/operator-console/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { FormState } from "@/lib/forms/form-state";

function Outcome({ state }: { state: FormState }) {
  if (state.error) return <Alert tone="error">{state.error}</Alert>;
  if (state.message) return <Alert tone="success">{state.message}</Alert>;
  return null;
}

export function StaffSignInForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(staffSignInAction, {});
  return (
    <form action={action} className="space-y-4">
      <Outcome state={state} />
      <Field label="Email" name="email" type="email" autoComplete="username" required defaultValue={state.values?.email} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      <Field
        label="Authentication code"
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9 ]{6,7}"
        maxLength={7}
        required
        hint="The 6-digit code from your authenticator app."
      />
      <Button type="submit" className="w-full" disabled={pending}>
        Sign in
      </Button>
    </form>
  );
}

/** The written reason of a staff action (5 to 500 characters), with its refusal and the typed text kept. */
export function ReasonField({ label, state }: { label: string; state: FormState }) {
  const id = useId();
  return (
    <>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea
        id={id}
        name="reason"
        required
        minLength={5}
        maxLength={500}
        rows={3}
        defaultValue={state.values?.reason}
        aria-invalid={state.fieldErrors?.reason ? true : undefined}
        className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none"
      />
      {state.fieldErrors?.reason ? <p className="text-xs text-red-700">{state.fieldErrors.reason}</p> : null}
    </>
  );
}

/** A staff action that needs a written reason (audited, and shown or emailed to the owners). */
function ReasonForm({ action: run, label, button, variant, testId }: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  label: string;
  button: string;
  variant: "primary" | "danger";
  testId: string;
}) {
  const [state, action, pending] = useActionState<FormState, FormData>(run, {});
  return (
    <form action={action} className="space-y-3" data-testid={testId}>
      <Outcome state={state} />
      <ReasonField label={label} state={state} />
      <Button type="submit" variant={variant} disabled={pending}>
        {button}
      </Button>
    </form>
  );
}

export function SuspendWorkspaceForm({ workspaceId, slug }: { workspaceId: string; slug: string }) {
  return (
    <ReasonForm
      action={suspendWorkspaceAction.bind(null, workspaceId)}
      label={`Reason (shown to the owners of ${slug} and emailed to them)`}
      button="Suspend workspace"
      variant="danger"
      testId="suspend-form"
    />
  );
}

export function ReactivateCancelledForm({ workspaceId }: { workspaceId: string }) {
  return (
    <ReasonForm
      action={reactivateCancelledAction.bind(null, workspaceId)}
      label="Reason (recorded in the workspace's audit log; e.g. the support ticket)"
      button="Reactivate workspace"
      variant="primary"
      testId="reactivate-cancelled-form"
    />
  );
}

export function UnsuspendWorkspaceForm({ workspaceId }: { workspaceId: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(unsuspendWorkspaceAction.bind(null, workspaceId), {});
  return (
    <form action={action} className="space-y-3">
      <Outcome state={state} />
      <Button type="submit" disabled={pending}>
        Lift suspension
      </Button>
    </form>
  );
}

export function ClearLockoutByEmailForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(clearLockoutAction, {});
  return (
    <form action={action} className="flex flex-col gap-3 sm:flex-row sm:items-end" data-testid="clear-lockout-form">
      <Field label="Member's email address" name="email" type="email" required className="sm:w-80" defaultValue={state.values?.email} error={state.fieldErrors?.email} />
      <Button type="submit" variant="secondary" disabled={pending}>
        Clear lockout
      </Button>
      <div className="sm:ml-2">
        <Outcome state={state} />
      </div>
    </form>
  );
}

export function ClearLockoutRowForm({ emailHash }: { emailHash: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(clearLockoutAction, {});
  return (
    <form action={action} className="inline-flex items-center gap-2">
      <input type="hidden" name="emailHash" value={emailHash} />
      <Button type="submit" variant="secondary" disabled={pending}>
        Clear
      </Button>
      {state.error ? <span className="text-xs text-red-700">{state.error}</span> : null}
      {state.message ? <span className="text-xs text-emerald-700">Cleared</span> : null}
    </form>
  );
}
