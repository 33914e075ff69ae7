"use client";

import { startAuthentication } from "@simplewebauthn/browser";
import { useState } from "react";
import { limitMessage } from "@/components/auth/sign-in-form";
import { usePasskeySupport } from "@/components/auth/use-passkey-support";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/**
 * "Sign in with a passkey" (SPEC §1: a passkey with user verification signs in alone). Asks
 * our route for the ceremony's options (it sets the challenge cookie), lets the browser's
 * authenticator answer, and posts the assertion to next-auth's credentials callback as
 * `passkey`, where the session cookie is set as for a password. `step="second"` is the same
 * ceremony as the second step after a password. Rendered only where the browser has
 * WebAuthn; without JavaScript nothing shows and the password form works as before.
 */
export function PasskeySignInButton({ callbackUrl, step = "alone", label = "Sign in with a passkey" }: { callbackUrl: string; step?: "alone" | "second"; label?: string }) {
  const supported = usePasskeySupport();
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  if (supported === null) return null;
  if (!supported) return <p className="mt-3 text-center text-xs text-slate-500">This browser cannot use passkeys: sign in with your password.</p>;

  async function signIn() {
    setProblem(null);
    setPending(true);
    try {
      const optionsResponse = await fetch("/api/passkeys/sign-in-options", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ step }),
        credentials: "same-origin",
      });
      if (optionsResponse.status === 429) return setProblem(await limitMessage(optionsResponse));
      const payload = (await optionsResponse.json().catch(() => null)) as { options?: Parameters<typeof startAuthentication>[0]["optionsJSON"]; error?: { message?: string } } | null;
      if (!optionsResponse.ok || !payload?.options) return setProblem(payload?.error?.message ?? "Could not start the passkey sign-in. Try again.");
      let assertion;
      try {
        assertion = await startAuthentication({ optionsJSON: payload.options });
      } catch {
        return setProblem("No passkey was used. Try again, or sign in with your password.");
      }
      const { csrfToken } = (await (await fetch("/api/auth/csrf", { credentials: "same-origin" })).json()) as { csrfToken: string };
      const body = new URLSearchParams({ csrfToken, callbackUrl, passkey: JSON.stringify(assertion), json: "true", ...(step === "second" ? { step: "second" } : {}) });
      const answer = await fetch("/api/auth/callback/credentials", { method: "POST", body, credentials: "same-origin" });
      if (answer.status === 429) return setProblem(await limitMessage(answer));
      const next = (await answer.json().catch(() => null)) as { url?: string } | null;
      if (next?.url) return window.location.assign(next.url);
      setProblem("Could not sign in with that passkey. Try again.");
    } catch {
      setProblem("Could not reach Switchboard. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="mt-3 space-y-2">
      {problem ? <Alert tone="error">{problem}</Alert> : null}
      <Button type="button" variant="secondary" className="w-full" onClick={signIn} disabled={pending}>
        {label}
      </Button>
    </div>
  );
}
