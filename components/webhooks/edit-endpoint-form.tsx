"use client";

import { useActionState } from "react";
import { updateEndpointAction } from "@/app/(dashboard)/[workspace]/developers/webhooks/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { ActionResult } from "@/lib/forms/form-state";
import { formLevelError } from "@/components/ui/form-level-error";
import { MAX_RATE_LIMIT_PER_SECOND } from "@/lib/webhooks/rate-limit-bounds";
import { EventCheckboxes } from "./event-checkboxes";

/** Changes an endpoint's URL, events and description with the creation form's checks; the secret stays. */
export function EditEndpointForm({
  slug,
  mode,
  endpoint,
  urlHint,
}: {
  slug: string;
  mode: "live" | "test";
  endpoint: { id: string; url: string; events: string[]; description: string | null; rateLimitPerSecond: number };
  urlHint: string;
}) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(updateEndpointAction.bind(null, slug, mode, endpoint.id), {});
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate data-testid="edit-endpoint-form">
      {state.ok ? <Alert tone="success">{state.message}</Alert> : null}
      {formLevelError(state) ? <Alert tone="error">{formLevelError(state)}</Alert> : null}
      <Field label="Endpoint URL" name="url" type="url" required maxLength={2048} defaultValue={state.values?.url ?? endpoint.url} error={e.url} hint={urlHint} />
      <Field label="Description (optional)" name="description" maxLength={500} defaultValue={state.values?.description ?? endpoint.description ?? ""} error={e.description} />
      <EventCheckboxes checked={(t) => endpoint.events.includes(t)} error={e.events} />
      <Field
        label="Deliveries per second at most"
        name="rate_limit_per_second"
        type="number"
        inputMode="numeric"
        min={1}
        max={MAX_RATE_LIMIT_PER_SECOND}
        defaultValue={String(endpoint.rateLimitPerSecond)}
        error={e.rate_limit_per_second}
        hint={`1–${MAX_RATE_LIMIT_PER_SECOND.toLocaleString("en")}. Over it, deliveries wait for the next second; they do not fail.`}
      />
      <Button type="submit" variant="secondary" disabled={pending}>
        Save changes
      </Button>
    </form>
  );
}
