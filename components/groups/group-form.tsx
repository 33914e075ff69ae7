"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { ActionResult } from "@/lib/forms/form-state";
import { GROUP_COLORS, GROUP_COLOR_NAMES } from "@/lib/groups/colors";

export function GroupForm({
  action,
  initial,
  submitLabel,
}: {
  action: (prev: ActionResult, form: FormData) => Promise<ActionResult>;
  initial?: { name: string; color: string; description: string | null };
  submitLabel: string;
}) {
  const [state, formAction, pending] = useActionState<ActionResult, FormData>(action, {});
  const v = { name: initial?.name ?? "", color: initial?.color ?? "blue", description: initial?.description ?? "", ...state.values };
  const e = state.fieldErrors ?? {};
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {state.ok && state.message ? <Alert tone="success">{state.message}</Alert> : null}
      {state.error && !Object.keys(e).length ? <Alert tone="error">{state.error}</Alert> : null}
      <Field label="Name" name="name" required maxLength={60} defaultValue={v.name} error={e.name} />
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Colour</legend>
        <div className="mt-2 flex flex-wrap gap-2">
          {GROUP_COLOR_NAMES.map((name) => (
            <label key={name} className={`inline-flex cursor-pointer items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset has-[:checked]:ring-2 has-[:checked]:ring-slate-900 ${GROUP_COLORS[name].chip}`}>
              <input type="radio" name="color" value={name} defaultChecked={v.color === name} className="sr-only" />
              <span aria-hidden className={`h-2 w-2 rounded-full ${GROUP_COLORS[name].dot}`} />
              {GROUP_COLORS[name].label}
            </label>
          ))}
        </div>
        {e.color ? <p className="mt-1 text-xs text-red-700">{e.color}</p> : null}
      </fieldset>
      <Field label="Description (optional)" name="description" maxLength={280} defaultValue={v.description} error={e.description} />
      <Button type="submit" disabled={pending}>{submitLabel}</Button>
    </form>
  );
}
