"use client";

import { startAuthentication } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { confirmWithPasskeyAction, passkeyStepUpOptionsAction } from "@/app/account/passkey-actions";
import { usePasskeySupport } from "@/components/auth/use-passkey-support";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/forms/form-state";

/** Sudo mode with one of the user's passkeys instead of the password (hidden where WebAuthn is unavailable). */
export function PasskeyStepUpButton() {
  const supported = usePasskeySupport();
  const router = useRouter();
  const [state, setState] = useState<ActionResult>({});
  const [pending, setPending] = useState(false);
  if (!supported) return null;
  if (state.ok) return <Alert tone="success">{state.message}</Alert>;

  async function confirm() {
    setPending(true);
    setState({});
    try {
      const started = await passkeyStepUpOptionsAction();
      if (!started.options) return setState(started);
      let response;
      try {
        response = await startAuthentication({ optionsJSON: started.options });
      } catch {
        return setState({ error: "No passkey was used. Try again, or confirm with your password." });
      }
      const result = await confirmWithPasskeyAction(JSON.stringify(response));
      setState(result);
      if (result.ok) router.refresh();
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="space-y-2">
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      <Button type="button" variant="secondary" onClick={confirm} disabled={pending}>Use a passkey</Button>
    </div>
  );
}
