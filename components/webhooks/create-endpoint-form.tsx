"use client";

import Link from "next/link";
import { useActionState } from "react";
import { createEndpointAction, type SecretResult } from "@/app/(dashboard)/[workspace]/developers/webhooks/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/event-types";
import { SecretOnce } from "./secret-once";

export function CreateEndpointForm({ slug, mode }: { slug: string; mode: "live" | "test" }) {
  const [state, action, pending] = useActionState<SecretResult, FormData>(createEndpointAction.bind(null, slug, mode), {});
  if (state.secret) {
    return (
      <div className="space-y-3">
        <SecretOnce secret={state.secret} />
        <Link href={`/${slug}/developers/webhooks/${state.endpointId}${mode === "test" ? "?mode=test" : ""}`} className="text-sm text-brand-700 hover:underline">
          Open the endpoint →
        </Link>
      </div>
    );
  }
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      <Field label="Endpoint URL" name="url" type="url" required maxLength={2048} placeholder="https://example.com/webhooks/switchboard" defaultValue={state.values?.url} error={e.url} hint="https only; private, loopback and metadata addresses are refused." />
      <Field label="Description (optional)" name="description" maxLength={500} defaultValue={state.values?.description} error={e.description} />
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Events</legend>
        {e.events ? <p className="text-xs text-red-700">Choose at least one event.</p> : null}
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {WEBHOOK_EVENT_TYPES.map((t) => (
            <label key={t} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="events" value={t} defaultChecked={t.startsWith("call.")} />
              <span className="font-mono text-xs">{t}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <Button type="submit" disabled={pending}>Add endpoint</Button>
    </form>
  );
}
