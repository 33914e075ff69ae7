"use client";

import { useActionState } from "react";
import { runTestCallAction } from "@/app/(dashboard)/[workspace]/test-calls/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/forms/form-state";
import { STATUS_LABEL } from "@/lib/format/calls";

export function TestCallForm({ slug }: { slug: string }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(runTestCallAction.bind(null, slug), {});
  return (
    <form action={action} className="grid max-w-xl gap-4" noValidate>
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      {state.ok ? <Alert tone="success">{state.message}</Alert> : null}
      <Field
        label="Caller number (optional)"
        name="caller"
        inputMode="tel"
        placeholder="+2348035550789 — blank for a random caller"
        defaultValue={state.values?.caller}
        error={state.fieldErrors?.caller}
        maxLength={32}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Select label="Direction" name="direction" options={[{ value: "inbound", label: "Inbound" }, { value: "outbound", label: "Outbound" }]} />
        <Select label="Outcome" name="status" options={Object.entries(STATUS_LABEL).map(([value, label]) => ({ value, label }))} />
      </div>
      <div>
        <Button type="submit" disabled={pending}>{pending ? "Calling…" : "Run test call"}</Button>
      </div>
    </form>
  );
}
