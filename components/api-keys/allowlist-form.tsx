"use client";

import { useActionState } from "react";
import { setAllowlistAction } from "@/app/(dashboard)/[workspace]/developers/api-keys/actions";
import { StepUpInline } from "@/components/step-up-inline";
import type { ActionResult } from "@/lib/forms/form-state";

/** A key's IP allowlist (decision 041): the ranges shown, and an editor behind a disclosure. */
export function AllowlistCell({ slug, keyId, cidrs, canEdit }: { slug: string; keyId: string; cidrs: string[]; canEdit: boolean }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(setAllowlistAction.bind(null, slug, keyId), {});
  const error = state.fieldErrors?.allowedCidrs ?? (state.stepUpRequired ? undefined : state.error);
  return (
    <div className="space-y-1 text-xs" data-testid="key-allowlist">
      {cidrs.length ? (
        <ul aria-label="Allowed IP ranges" className="font-mono text-slate-700">
          {cidrs.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      ) : (
        <span className="text-slate-600">Any address</span>
      )}
      {canEdit ? (
        <details>
          <summary className="cursor-pointer text-brand-700">Edit allowlist</summary>
          <form action={action} className="mt-1 space-y-1">
            <label htmlFor={`allowlist-${keyId}`} className="block text-slate-700">IP ranges (CIDR), one per line; empty allows any address</label>
            <textarea
              id={`allowlist-${keyId}`}
              name="allowedCidrs"
              rows={3}
              defaultValue={cidrs.join("\n")}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `allowlist-${keyId}-error` : undefined}
              placeholder={"203.0.113.0/24\n2001:db8::/32"}
              className="block w-48 rounded border border-slate-300 px-2 py-1 font-mono text-xs"
            />
            <button type="submit" disabled={pending} className="rounded px-2 py-1 text-xs text-brand-700 hover:bg-slate-100">Save allowlist</button>
            {state.ok ? <p className="text-emerald-800" role="status">{state.message}</p> : null}
            {error ? <p id={`allowlist-${keyId}-error`} className="text-red-700">{error}</p> : null}
            {state.stepUpRequired ? <StepUpInline /> : null}
          </form>
        </details>
      ) : null}
    </div>
  );
}
