"use client";

import { startAuthentication } from "@simplewebauthn/browser";
import { confirmWithPasskeyAction, passkeyStepUpOptionsAction } from "@/app/account/passkey-actions";
import { usePasskeyCeremony } from "@/components/account/use-passkey-ceremony";
import { usePasskeySupport } from "@/components/auth/use-passkey-support";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** Sudo mode with one of the user's passkeys instead of the password (hidden where WebAuthn is unavailable). */
export function PasskeyStepUpButton() {
  const supported = usePasskeySupport();
  const { state, pending, run } = usePasskeyCeremony({
    begin: () => passkeyStepUpOptionsAction(),
    browser: (optionsJSON) => startAuthentication({ optionsJSON }),
    finish: (json) => confirmWithPasskeyAction(json),
    cancelled: () => "No passkey was used. Try again, or confirm another way.",
  });
  if (!supported) return null;
  if (state.ok) return <Alert tone="success">{state.message}</Alert>;
  return (
    <div className="space-y-2">
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      <Button type="button" variant="secondary" onClick={run} disabled={pending}>Use a passkey</Button>
    </div>
  );
}
