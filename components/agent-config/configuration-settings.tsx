"use client";

import { useActionState, useState } from "react";
import { createConfigAction, deleteConfigAction, renameConfigAction } from "@/app/(dashboard)/[workspace]/config/actions";
import { Alert } from "@/components/ui/alert";
import { StepUpInline } from "@/components/step-up-inline";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { CONFIG_NAME_MAX } from "@/lib/agent-config/options";
import type { ActionResult } from "@/lib/forms/form-state";

export function RenameConfigurationForm({ slug, configurationId, name }: { slug: string; configurationId: string; name: string }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(renameConfigAction.bind(null, slug, configurationId), {});
  return (
    <form action={action} className="flex flex-wrap items-end gap-2">
      <Field label="Name" name="name" defaultValue={name} maxLength={CONFIG_NAME_MAX} required error={state.fieldErrors?.name} className="min-w-56 flex-1" />
      <Button type="submit" variant="secondary" disabled={pending}>Rename</Button>
      {state.ok ? <p role="status" className="w-full text-xs text-emerald-700">{state.message}</p> : null}
      {state.error && !state.fieldErrors?.name ? <p role="alert" className="w-full text-xs text-red-700">{state.error}</p> : null}
    </form>
  );
}

export function DeleteConfigurationForm({ slug, configurationId, name, assigned }: { slug: string; configurationId: string; name: string; assigned: number }) {
  const [confirming, setConfirming] = useState(false);
  const [state, action, pending] = useActionState<ActionResult, FormData>(deleteConfigAction.bind(null, slug, configurationId), {});
  if (assigned > 0) {
    return <p className="text-sm text-slate-600">{assigned} number{assigned === 1 ? " uses" : "s use"} this configuration: assign {assigned === 1 ? "it" : "them"} elsewhere before deleting it.</p>;
  }
  return (
    <div className="space-y-2">
      {confirming ? (
        <form action={action} className="flex flex-wrap items-center gap-2">
          <span className="text-sm text-slate-800">Delete “{name}” and its whole version history? The audit log keeps a record.</span>
          <Button type="submit" variant="danger" disabled={pending}>Delete configuration</Button>
          <Button type="button" variant="ghost" onClick={() => setConfirming(false)}>Keep it</Button>
        </form>
      ) : (
        <Button type="button" variant="danger" onClick={() => setConfirming(true)}>Delete…</Button>
      )}
      {state.error && !state.stepUpRequired ? <Alert tone="error">{state.error}</Alert> : null}
      {state.stepUpRequired ? <StepUpInline /> : null}
    </div>
  );
}

export function NewConfigurationForm({ slug, sources }: { slug: string; sources: { id: string; name: string }[] }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(createConfigAction.bind(null, slug), {});
  return (
    <form action={action} className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end" noValidate>
      <Field label="Name" name="name" maxLength={CONFIG_NAME_MAX} required placeholder="After hours" defaultValue={state.values?.name} error={state.fieldErrors?.name} />
      <Select label="Start from" name="copyFrom" options={[{ value: "", label: "Default settings" }, ...sources.map((s) => ({ value: s.id, label: `A copy of ${s.name}` }))]} />
      <Button type="submit" disabled={pending}>Create</Button>
      {state.error && !state.fieldErrors?.name ? <div className="sm:col-span-3"><Alert tone="error">{state.error}</Alert></div> : null}
    </form>
  );
}
