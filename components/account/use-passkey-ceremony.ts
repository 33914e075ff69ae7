"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { ActionResult } from "@/lib/forms/form-state";

/**
 * A WebAuthn ceremony from the account page: the server's options (an action that also sets
 * the challenge cookie, or refuses: sudo mode, no passkey), the browser's part, then the
 * verifying action; the page is refreshed on success. `cancelled` words a browser refusal.
 */
export function usePasskeyCeremony<O, R extends ActionResult>(steps: {
  begin: () => Promise<ActionResult & { options?: O }>;
  browser: (options: O) => Promise<unknown>;
  /** `form`: the fields of the form that started it (a name), when one did. */
  finish: (responseJSON: string, form: FormData | null) => Promise<R>;
  cancelled: (error: unknown) => string;
}) {
  const router = useRouter();
  const [state, setState] = useState<R | ActionResult>({});
  const [pending, setPending] = useState(false);
  async function run(form: FormData | null = null) {
    setPending(true);
    setState({});
    try {
      const started = await steps.begin();
      if (!started.options) return setState(started);
      let response;
      try {
        response = await steps.browser(started.options);
      } catch (error) {
        return setState({ error: steps.cancelled(error) });
      }
      const result = await steps.finish(JSON.stringify(response), form);
      setState(result);
      if (result.ok) router.refresh();
    } finally {
      setPending(false);
    }
  }
  /** For a form that starts the ceremony with its fields. */
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void run(new FormData(event.currentTarget));
  }
  return { state, pending, run: () => run(), onSubmit };
}
