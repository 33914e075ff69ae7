"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

/**
 * A plain HTML form posting to next-auth's credentials callback, so it works without
 * JavaScript: the gate renders next-auth's CSRF token into it along with its cookie. With
 * JavaScript the token is re-read from next-auth before the form is sent, because a page
 * rendered after a server action's redirect carries a token whose cookie never reached the
 * browser.
 *
 * With JavaScript the form is sent with fetch (next-auth's `json` answer), so a 429 from the
 * gate (too many failed sign-ins from this network) is shown here, in the page's style, with
 * the wait it names, and the typed email stays; anything else goes where next-auth says.
 */
export function SignInForm({ initialCsrf, callbackUrl, step = "password" }: { initialCsrf: string; callbackUrl: string; step?: "password" | "second" }) {
  const token = useRef<Promise<string> | null>(null);
  useEffect(() => {
    token.current = fetch("/api/auth/csrf", { credentials: "same-origin" })
      .then((r) => r.json())
      .then((d: { csrfToken?: string }) => d.csrfToken ?? initialCsrf)
      .catch(() => initialCsrf);
  }, [initialCsrf]);

  const [limited, setLimited] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    (form.elements.namedItem("csrfToken") as HTMLInputElement).value = await (token.current ?? Promise.resolve(initialCsrf));
    setPending(true);
    try {
      const body = new URLSearchParams();
      for (const [name, value] of new FormData(form)) if (typeof value === "string") body.append(name, value);
      body.set("json", "true");
      const response = await fetch(form.action, { method: "POST", body, credentials: "same-origin" });
      if (response.status === 429) {
        setLimited(await limitMessage(response));
        setPending(false);
        return;
      }
      const answer = (await response.json().catch(() => null)) as { url?: string } | null;
      if (answer?.url) {
        window.location.assign(answer.url);
        return;
      }
    } catch {
      // Fall through to the plain form post.
    }
    form.submit();
  }

  return (
    <form method="post" action="/api/auth/callback/credentials" onSubmit={submit} className="mt-5 space-y-4">
      {limited ? <Alert tone="error">{limited}</Alert> : null}
      <input type="hidden" name="csrfToken" defaultValue={initialCsrf} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {step === "second" ? (
        <>
          {/* The second step (SPEC §1): the browser's pending note names the account; only the code is typed. */}
          <input type="hidden" name="step" value="second" />
          <Field
            label="Authentication code"
            hint="The 6-digit code from your authenticator app, or one of your recovery codes."
            name="otp"
            autoComplete="one-time-code"
            inputMode="text"
            required
            maxLength={32}
            autoFocus
          />
          <Button type="submit" className="w-full" disabled={pending}>
            Verify
          </Button>
        </>
      ) : (
        <>
          <Field label="Email" name="email" type="email" autoComplete="username webauthn" required maxLength={254} autoFocus />
          <Field label="Password" name="password" type="password" autoComplete="current-password" required maxLength={128} />
          <Button type="submit" className="w-full" disabled={pending}>
            Sign in
          </Button>
        </>
      )}
    </form>
  );
}

/** The gate's words (they name the wait), or words built from Retry-After. */
export async function limitMessage(response: Response): Promise<string> {
  const payload = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (payload?.error?.message) return payload.error.message;
  const seconds = Number(response.headers.get("retry-after"));
  const wait = seconds > 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds || 60} seconds`;
  return `Too many sign-in attempts from your network. Try again in ${wait}.`;
}
