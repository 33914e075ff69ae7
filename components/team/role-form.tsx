"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/forms/form-state";

export function RoleForm({
  role,
  roles,
  action,
}: {
  role: string;
  roles: { value: string; label: string; disabled?: boolean }[];
  action: (prev: ActionResult, form: FormData) => Promise<ActionResult>;
}) {
  const [state, formAction, pending] = useActionState<ActionResult, FormData>(action, {});
  return (
    <form action={formAction} className="space-y-3">
      {state.ok && state.message ? <Alert tone="success">{state.message}</Alert> : null}
      {state.error ? <Alert tone={state.stepUpRequired ? "warning" : "error"}>{state.error}</Alert> : null}
      <div className="flex items-end gap-3">
        <Select className="w-full max-w-md" label="Role" name="role" defaultValue={role} options={roles} />
        <Button type="submit" variant="secondary" disabled={pending}>Change role</Button>
      </div>
    </form>
  );
}
