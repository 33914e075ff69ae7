"use client";

import { useActionState } from "react";
import { SecretOnce } from "@/components/webhooks/secret-once";
import { StepUpInline } from "@/components/step-up-inline";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { StreamSecretResult } from "@/lib/evidence/streams/form";

export type ReplaceSecretAction = (prev: StreamSecretResult, form: FormData) => Promise<StreamSecretResult>;

/**
 * A new secret for a stream: generated for HTTPS (shown once), pasted for the others (the
 * receiver issued it). Either way the old one stops at once and the stream retries.
 */
export function ReplaceSecretForm({ action: replace, streamId, isGenerated, label }: { action: ReplaceSecretAction; streamId: string; isGenerated: boolean; label: string }) {
  const [state, action, pending] = useActionState<StreamSecretResult, FormData>(replace, {});
  if (state.secret) return <SecretOnce secret={state.secret} note="The previous secret no longer signs." />;
  return (
    <div className="space-y-2">
      <form action={action} className="flex flex-wrap items-end gap-3">
        {!isGenerated ? (
          <Field id={`secret-${streamId}`} label={`New ${label}`} name="secret" type="password" autoComplete="off" maxLength={256} required error={state.fieldErrors?.secret} className="min-w-0 flex-1" />
        ) : null}
        <Button type="submit" variant="secondary" disabled={pending}>
          {isGenerated ? "Generate a new signing secret" : "Replace secret"}
        </Button>
      </form>
      {state.ok && state.message ? <Alert tone="success">{state.message}</Alert> : null}
      {state.error && !state.stepUpRequired && !state.fieldErrors?.secret ? <Alert tone="error">{state.error}</Alert> : null}
      {state.stepUpRequired ? <StepUpInline /> : null}
    </div>
  );
}
