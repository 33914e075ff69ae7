"use client";

import { useActionState } from "react";
import { inviteAction } from "@/app/(dashboard)/[workspace]/team/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/forms/form-state";

export function InviteForm({ slug, roles }: { slug: string; roles: { value: string; label: string; disabled?: boolean }[] }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(inviteAction.bind(null, slug), {});
  return (
    <form action={action} className="space-y-3" noValidate>
      {state.ok ? <Alert tone="success">{state.message}</Alert> : null}
      {state.error && !Object.keys(state.fieldErrors ?? {}).length ? <Alert tone="error">{state.error}</Alert> : null}
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <Field className="flex-1" label="Email address" name="email" type="email" required maxLength={254} defaultValue={state.values?.email} error={state.fieldErrors?.email} />
        <Select className="sm:w-44" label="Role" name="role" defaultValue="agent" options={roles} error={state.fieldErrors?.role} />
        <Button type="submit" disabled={pending}>{pending ? "Sending…" : "Send invitation"}</Button>
      </div>
      <p className="text-xs text-slate-500">The link works once, for 7 days. You can only give roles whose permissions you hold.</p>
    </form>
  );
}
