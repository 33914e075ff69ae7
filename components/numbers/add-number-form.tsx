"use client";

import { useActionState } from "react";
import { addNumberAction } from "@/app/(dashboard)/[workspace]/numbers/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/forms/form-state";

export function AddNumberForm({ slug, configurations }: { slug: string; configurations: { id: string; name: string }[] }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(addNumberAction.bind(null, slug), {});
  const e = state.fieldErrors ?? {};
  const v = state.values ?? {};
  return (
    <form action={action} className="space-y-4" noValidate data-testid="add-number-form">
      {state.ok ? <Alert tone="success">{state.message}</Alert> : null}
      {state.error && Object.keys(e).length === 0 ? <Alert tone="error">{state.error}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Phone number"
          name="number"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          required
          maxLength={32}
          placeholder="+442079460123"
          defaultValue={v.number}
          error={e.number}
          hint="E.164: + then the country code and number, no spaces needed."
        />
        <Field label="Label (optional)" name="label" maxLength={80} placeholder="London sales" defaultValue={v.label} error={e.label} />
        <Select
          label="Mode"
          name="mode"
          defaultValue={v.mode || "live"}
          error={e.mode}
          options={[
            { value: "live", label: "Live — real calls" },
            { value: "test", label: "Test — simulated calls only" },
          ]}
        />
        <Select
          label="Agent configuration"
          name="configurationId"
          defaultValue={v.configurationId ?? ""}
          error={e.configurationId}
          options={[{ value: "", label: "Not assigned" }, ...configurations.map((c) => ({ value: c.id, label: c.name }))]}
        />
      </div>
      <Button type="submit" disabled={pending}>{pending ? "Adding…" : "Add number"}</Button>
    </form>
  );
}
