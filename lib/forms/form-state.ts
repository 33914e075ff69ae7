import { z } from "zod";
import { AppError } from "../core/errors";

/** What a server action tells its form: a message, per-field errors, the values to refill. */
export interface FormState {
  ok?: boolean;
  message?: string;
  error?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
}

export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    out[key] ??= issue.message;
  }
  return out;
}

const MACHINE_CODE = /^[a-z][a-z0-9_]*$/;

/** Turns what lib/ throws into form feedback; anything unexpected is rethrown (→ error page). */
export function formErrorOf(error: unknown, values?: Record<string, string>): FormState {
  if (error instanceof AppError && error.status < 500) {
    // A detail's issue may be a machine code for API clients ("private_address"): a form
    // shows the error's message under the field instead, never the code.
    const fieldErrors = Object.fromEntries(
      (error.options.details ?? []).filter((d) => d.field).map((d) => [d.field!, MACHINE_CODE.test(d.issue) ? error.message : d.issue]),
    );
    return { error: error.message, fieldErrors, values };
  }
  throw error;
}

/** Form values to echo back, never secrets. */
export function safeValues(form: FormData, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k, String(form.get(k) ?? "").slice(0, 300)]));
}

/** What a server action answers: form state, and whether it needs sudo mode first. */
export interface ActionResult extends FormState {
  stepUpRequired?: boolean;
}
