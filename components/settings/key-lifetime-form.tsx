"use client";

import { useActionState } from "react";
import { setMaxKeyLifetimeAction } from "@/app/(dashboard)/[workspace]/settings/key-lifetime-actions";
import { StepUpInline } from "@/components/step-up-inline";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/forms/form-state";

const CHOICES = [
  { value: "none", label: "No maximum" },
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "180", label: "180 days" },
  { value: "365", label: "365 days" },
];

/** "Maximum lifetime of new API keys": applies when a key is created or rolled, never to existing keys. */
export function KeyLifetimeForm({ slug, current, owner }: { slug: string; current: number | null; owner: boolean }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(setMaxKeyLifetimeAction.bind(null, slug), {});
  return (
    <form action={action} className="space-y-3" data-testid="key-lifetime-form">
      {state.ok ? <Alert tone="success">{state.message}</Alert> : null}
      {state.error && !state.stepUpRequired ? <Alert tone="error">{state.error}</Alert> : null}
      {state.stepUpRequired ? <StepUpInline /> : null}
      <Select
        className="w-56"
        label="Maximum lifetime"
        name="maxKeyLifetimeDays"
        defaultValue={current === null ? "none" : String(current)}
        options={CHOICES}
        disabled={!owner}
        error={state.fieldErrors?.maxKeyLifetimeDays}
      />
      <p className="text-xs text-slate-600">Existing keys keep their expiry; the keys page flags those without one or beyond the maximum.</p>
      {owner ? <Button type="submit" disabled={pending}>Save</Button> : <p className="text-sm text-slate-600">Only owners can change this.</p>}
    </form>
  );
}
