"use client";

import Link from "next/link";
import { useActionState } from "react";
import { createEndpointAction, type SecretResult } from "@/app/(dashboard)/[workspace]/developers/webhooks/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { EventCheckboxes } from "./event-checkboxes";
import { SchemeSelect } from "./scheme-select";
import { SecretOnce } from "./secret-once";
import { formLevelError } from "@/components/ui/form-level-error";

export function CreateEndpointForm({ slug, mode, urlHint }: { slug: string; mode: "live" | "test"; urlHint: string }) {
  const [state, action, pending] = useActionState<SecretResult, FormData>(createEndpointAction.bind(null, slug, mode), {});
  if (state.secret) {
    return (
      <div className="space-y-3">
        <SecretOnce secret={state.secret} standardSecret={state.signatureScheme === "standard" ? state.standardSecret : undefined} />
        <Link href={`/${slug}/developers/webhooks/${state.endpointId}${mode === "test" ? "?mode=test" : ""}`} className="text-sm text-brand-700 hover:underline">
          Open the endpoint →
        </Link>
      </div>
    );
  }
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      {formLevelError(state) ? <Alert tone="error">{formLevelError(state)}</Alert> : null}
      <Field label="Endpoint URL" name="url" type="url" required maxLength={2048} placeholder="https://example.com/webhooks/switchboard" defaultValue={state.values?.url} error={e.url} hint={urlHint} />
      <Field label="Description (optional)" name="description" maxLength={500} defaultValue={state.values?.description} error={e.description} />
      <EventCheckboxes checked={(t) => t.startsWith("call.")} error={e.events} />
      <SchemeSelect error={e.signature_scheme} />
      <Button type="submit" disabled={pending}>Add endpoint</Button>
    </form>
  );
}
