"use client";

import { useActionState } from "react";
import { cancelWorkspaceAction } from "@/app/(dashboard)/[workspace]/settings/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { ActionResult } from "@/lib/forms/form-state";

/**
 * The owner's "cancel workspace" form (SPEC §10): what happens, then the workspace's name
 * typed in full. The server also needs sudo mode and checks the typed name itself.
 */
export function CancelWorkspaceForm({ slug, graceDays }: { slug: string; graceDays: number }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(cancelWorkspaceAction.bind(null, slug), {});
  return (
    <form action={action} className="space-y-3" data-testid="cancel-workspace-form">
      {state.error ? <Alert tone={state.stepUpRequired ? "warning" : "error"}>{state.error}</Alert> : null}
      <ul className="list-disc space-y-1 pl-5 text-sm text-slate-600">
        <li>The workspace becomes read-only at once: API keys stop working (401) and webhooks stop.</li>
        <li>Members other than owners lose access. Owners can still read and export everything.</li>
        <li>
          After {graceDays} days every recording, transcript and all other data is deleted for good. Until then an owner can
          reactivate it.
        </li>
      </ul>
      <Field
        label={`Type ${slug} to confirm`}
        name="confirmation"
        autoComplete="off"
        spellCheck={false}
        required
        error={state.fieldErrors?.confirmation}
        className="max-w-sm"
      />
      <Button type="submit" variant="danger" disabled={pending}>
        Cancel workspace
      </Button>
    </form>
  );
}
