"use client";

import { useEffect, useRef, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

/**
 * A plain HTML form posting to next-auth's credentials callback, so it works without
 * JavaScript: the gate renders next-auth's CSRF token into it along with its cookie. With
 * JavaScript the token is re-read from next-auth before the form is sent, because a page
 * rendered after a server action's redirect carries a token whose cookie never reached the
 * browser.
 */
export function SignInForm({ initialCsrf, callbackUrl }: { initialCsrf: string; callbackUrl: string }) {
  const token = useRef<Promise<string> | null>(null);
  useEffect(() => {
    token.current = fetch("/api/auth/csrf", { credentials: "same-origin" })
      .then((r) => r.json())
      .then((d: { csrfToken?: string }) => d.csrfToken ?? initialCsrf)
      .catch(() => initialCsrf);
  }, [initialCsrf]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    (form.elements.namedItem("csrfToken") as HTMLInputElement).value = await (token.current ?? Promise.resolve(initialCsrf));
    form.submit();
  }

  return (
    <form method="post" action="/api/auth/callback/credentials" onSubmit={submit} className="mt-5 space-y-4">
      <input type="hidden" name="csrfToken" defaultValue={initialCsrf} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Field label="Email" name="email" type="email" autoComplete="username" required maxLength={254} autoFocus />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required maxLength={128} />
      <Button type="submit" className="w-full">
        Sign in
      </Button>
    </form>
  );
}
