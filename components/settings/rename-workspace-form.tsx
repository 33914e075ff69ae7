"use client";

import { useActionState } from "react";
import { renameWorkspaceAction } from "@/app/(dashboard)/[workspace]/settings/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { ActionResult } from "@/lib/forms/form-state";

/** The workspace's name, which owners can change; its address (the slug) stays. */
export function RenameWorkspaceForm({ slug, name }: { slug: string; name: string }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(renameWorkspaceAction.bind(null, slug), {});
  return (
    <form action={action} className="space-y-3" data-testid="rename-workspace-form">
      {state.ok ? <Alert tone="success">{state.message}</Alert> : null}
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <Field
          label="Workspace name"
          name="name"
          defaultValue={state.values?.name ?? name}
          maxLength={80}
          required
          error={state.fieldErrors?.name}
          hint={`Its address stays /${slug}, so links and API clients keep working.`}
          className="w-full max-w-sm"
        />
        <Button type="submit" variant="secondary" disabled={pending} className="sm:mb-5">
          Rename
        </Button>
      </div>
    </form>
  );
}
