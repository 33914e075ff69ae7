"use client";

import { useActionState } from "react";
import { rotateSigningKeyAction } from "@/app/(dashboard)/[workspace]/developers/webhooks/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/forms/form-state";

const GRACE = [0, 1, 6, 24, 48, 72];

/**
 * The workspace's Ed25519 signing keys for `standard-ed25519` endpoints: where receivers fetch
 * them, which sign now, and the rotate action (sudo mode, audited). Public keys only.
 */
export function SigningKeysPanel({
  slug,
  mode,
  endpointId,
  url,
  kids,
  previousUntil,
}: {
  slug: string;
  mode: "live" | "test";
  endpointId: string;
  url: string;
  kids: string[];
  previousUntil: string | null;
}) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(rotateSigningKeyAction.bind(null, slug, mode, endpointId), {});
  return (
    <div className="space-y-3" data-testid="signing-keys">
      <div>
        <p className="text-sm font-medium text-slate-800">Public keys (JWKS) for your receiver</p>
        <div className="mt-1 flex items-center gap-2">
          <code className="min-w-0 flex-1 rounded-md bg-slate-100 px-2 py-1 font-mono text-xs text-slate-800 [overflow-wrap:anywhere]" data-testid="signing-keys-url">
            {url}
          </code>
          <CopyButton text={url} label="Copy the key set URL" />
        </div>
      </div>
      <ul className="space-y-1 text-xs text-slate-600" aria-label="Signing keys">
        {kids.map((kid, i) => (
          <li key={kid} className="[overflow-wrap:anywhere]">
            <span className="font-medium">{i === 0 ? "Signs first" : `Also signs until ${previousUntil ? new Date(previousUntil).toUTCString() : "—"}`}:</span>{" "}
            <span className="font-mono">{kid}</span>
          </li>
        ))}
      </ul>
      <form action={action} className="flex flex-wrap items-end gap-3">
        {state.ok ? <div className="w-full"><Alert tone="success">{state.message}</Alert></div> : null}
        {state.error ? <div className="w-full"><Alert tone={state.stepUpRequired ? "warning" : "error"}>{state.error}</Alert></div> : null}
        <Select label="Previous key keeps signing for" name="grace" id="signing-key-grace" defaultValue="24" options={GRACE.map((h) => ({ value: String(h), label: h === 0 ? "No grace (stop at once)" : `${h} hours` }))} />
        <Button type="submit" variant="secondary" disabled={pending}>Rotate signing key</Button>
      </form>
      <p className="text-xs text-slate-600">The key pair belongs to the workspace: rotating it changes the signatures of every Ed25519 endpoint, live and test.</p>
    </div>
  );
}
