"use client";

import { useActionState } from "react";
import { setCallerMaskingAction } from "@/app/(dashboard)/[workspace]/settings/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/forms/form-state";

/** The masking switch, with what a change does (and does not do) to calls already recorded. */
export function MaskingForm({ slug, enabled }: { slug: string; enabled: boolean }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(setCallerMaskingAction.bind(null, slug), {});
  return (
    <form action={action} className="space-y-3" data-testid="masking-form">
      {state.ok ? <Alert tone="success">{state.message}</Alert> : null}
      {state.error ? <Alert tone={state.stepUpRequired ? "warning" : "error"}>{state.error}</Alert> : null}
      <p className="text-sm text-slate-800">
        Masking is <strong data-testid="masking-state">{enabled ? "on" : "off"}</strong>.
      </p>
      <ul className="list-disc space-y-1 pl-5 text-sm text-slate-600">
        <li>A change applies to calls recorded from now on. Calls already recorded keep what they were stored with.</li>
        <li>Calls recorded with masking on can never be unmasked: their full numbers were never stored.</li>
        <li>
          With masking off, full numbers of new calls are stored encrypted and shown only to members with “See full caller numbers”
          (never to agents). Turning masking back on hides them again at once.
        </li>
      </ul>
      <input type="hidden" name="masking" value={enabled ? "off" : "on"} />
      <Button type="submit" variant={enabled ? "danger" : "primary"} disabled={pending}>
        {enabled ? "Turn masking off" : "Turn masking on"}
      </Button>
    </form>
  );
}
