"use client";

import { useActionState } from "react";
import { rotateSecretAction, type SecretResult } from "@/app/(dashboard)/[workspace]/developers/webhooks/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { SecretOnce } from "./secret-once";
import { formatDateTime } from "@/lib/format/dates";

const GRACE = [0, 1, 6, 24, 48, 72];

export function RotateSecretForm({ slug, mode, endpointId, scheme }: { slug: string; mode: "live" | "test"; endpointId: string; scheme?: string }) {
  const [state, action, pending] = useActionState<SecretResult, FormData>(rotateSecretAction.bind(null, slug, mode, endpointId), {});
  if (state.secret) {
    const note = state.previousExpiresAt ? `The previous secret keeps signing until ${formatDateTime(new Date(state.previousExpiresAt))}.` : "The previous secret no longer signs.";
    return <SecretOnce secret={state.secret} note={note} standardSecret={scheme === "standard" ? state.standardSecret : undefined} />;
  }
  return (
    <form action={action} className="flex flex-wrap items-end gap-3">
      {state.error ? <div className="w-full"><Alert tone={state.stepUpRequired ? "warning" : "error"}>{state.error}</Alert></div> : null}
      <Select label="Previous secret keeps signing for" name="grace" defaultValue="24" options={GRACE.map((h) => ({ value: String(h), label: h === 0 ? "No grace (stop at once)" : `${h} hours` }))} />
      <Button type="submit" variant="secondary" disabled={pending}>Rotate secret</Button>
    </form>
  );
}
