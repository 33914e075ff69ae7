"use client";

import { useActionState } from "react";
import { saveRetentionAction } from "@/app/(dashboard)/[workspace]/settings/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { ActionResult } from "@/lib/forms/form-state";
import type { RetentionSettings } from "@/lib/retention/settings";

const FIELDS: { name: keyof RetentionSettings; label: string; hint: string }[] = [
  { name: "recordingsDays", label: "Call recordings", hint: "Default 30 days." },
  { name: "transcriptsDays", label: "Transcripts", hint: "Default 90 days." },
  { name: "webhookLogsDays", label: "Webhook delivery logs", hint: "Default 30 days." },
  { name: "securityEventsDays", label: "Security events", hint: "Default 90 days." },
  { name: "auditDays", label: "Audit log", hint: "Default 90 days; at least 30. The chain stays verifiable." },
];

export function RetentionForm({ slug, settings }: { slug: string; settings: RetentionSettings }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(saveRetentionAction.bind(null, slug), {});
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate data-testid="retention-form">
      {state.ok ? <Alert tone="success">{state.message}</Alert> : null}
      {state.error ? <Alert tone={state.stepUpRequired ? "warning" : "error"}>{state.error}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-3">
        {FIELDS.map((f) => (
          <Field
            key={f.name}
            label={`${f.label} (days)`}
            name={f.name}
            type="number"
            inputMode="numeric"
            min={f.name === "auditDays" ? 30 : 1}
            max={3650}
            defaultValue={state.values?.[f.name] ?? String(settings[f.name])}
            error={e[f.name]}
            hint={f.hint}
          />
        ))}
      </div>
      <Button type="submit" disabled={pending}>Save retention</Button>
    </form>
  );
}
