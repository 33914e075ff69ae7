"use client";

import { useActionState } from "react";
import { saveCorsAction } from "@/app/(dashboard)/[workspace]/settings/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/forms/form-state";

export function CorsForm({ slug, origins }: { slug: string; origins: string[] }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(saveCorsAction.bind(null, slug), {});
  const error = state.fieldErrors?.origins;
  return (
    <form action={action} className="space-y-3" noValidate>
      {state.ok ? <Alert tone="success">{state.message}</Alert> : null}
      {state.error && !error ? <Alert tone={state.stepUpRequired ? "warning" : "error"}>{state.error}</Alert> : null}
      <label htmlFor="origins" className="block text-sm font-medium text-slate-800">Allowed origins, one per line</label>
      <textarea
        id="origins"
        name="origins"
        rows={4}
        defaultValue={state.values?.origins ?? origins.join("\n")}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "origins-error" : "origins-hint"}
        className="block w-full max-w-xl rounded-md border border-slate-300 px-3 py-2 font-mono text-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
      />
      {error ? <p id="origins-error" className="text-xs text-red-700">{error}</p> : <p id="origins-hint" className="text-xs text-slate-500">e.g. https://app.example.com — https only (http allowed for localhost).</p>}
      <Button type="submit" disabled={pending}>Save allowlist</Button>
    </form>
  );
}
