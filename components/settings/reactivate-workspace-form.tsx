"use client";

import { useActionState } from "react";
import { reactivateWorkspaceAction } from "@/app/(dashboard)/[workspace]/settings/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/forms/form-state";

/** Reopens a cancelled workspace before its deletion date (owners, sudo mode). */
export function ReactivateWorkspaceForm({ slug }: { slug: string }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(reactivateWorkspaceAction.bind(null, slug), {});
  return (
    <form action={action} className="space-y-3" data-testid="reactivate-workspace-form">
      {state.error ? <Alert tone={state.stepUpRequired ? "warning" : "error"}>{state.error}</Alert> : null}
      <Button type="submit" disabled={pending}>
        Reactivate workspace
      </Button>
    </form>
  );
}
