import "server-only";
import { redirect } from "next/navigation";
import { StepUpRequired } from "../auth/errors";
import type { ActiveSession } from "../auth/sessions";
import type { WorkspaceContext } from "../authz/context";
import { probingNotFound } from "../authz/foreign-object";
import { AppError } from "../core/errors";
import { formErrorOf, type ActionResult } from "../forms/form-state";
import { assertWithinLimits } from "../security/rate-limit/per-ip";
import { requestFacts, signInPathForRequest } from "./facts";
import { marked } from "./marker";
import { assertStepUp, assertWritable, memberCaller } from "./steps";

export type { ActionResult };

/** The string values an action was given: its bound arguments and its form's fields. */
function formAndArgValues(args: unknown[]): unknown[] {
  return args.flatMap((arg) => (arg instanceof FormData ? [...arg.values()] : [arg]));
}

/** Refusals and validation errors become form state; anything else is the error page. */
function asFormState(error: unknown): ActionResult {
  if (error instanceof StepUpRequired) return { error: error.message, stepUpRequired: true };
  if (error instanceof AppError) return formErrorOf(error);
  throw error;
}

/** The session, or sign-in that comes back to the page the action was posted from (else `returnTo`). */
async function signedInOrRedirect(returnTo: string): Promise<ActiveSession> {
  const session = await requestFacts().session();
  if (!session) redirect(await signInPathForRequest(returnTo));
  return session;
}

export interface MemberActionOptions {
  /** The form values to give back with any refusal, so nothing typed is lost (from the action's FormData). */
  values?: (form: FormData) => Record<string, string>;
  /** Sudo mode: a password re-entry within 10 minutes (SPEC §1). */
  stepUp?: boolean;
  /** Why this action runs in a cancelled workspace (it exists for one: reactivation). Never while suspended. */
  allowedWhenClosed?: string;
}

/**
 * A dashboard server action. The bound first argument is the workspace's slug; then the
 * member's session (sign-in otherwise), membership (not a member: "Not found."), the
 * read-only rule (every server action changes something), sudo mode when asked, and `fn`.
 * Refusals and validation errors come back as form state; permission checks are `fn`'s,
 * through the domain functions it calls.
 */
export function memberAction<A extends unknown[], R extends ActionResult | void = ActionResult>(
  options: MemberActionOptions,
  fn: (ctx: WorkspaceContext, ...args: A) => Promise<R>,
): (slug: string, ...args: A) => Promise<R> {
  // A refusal is form state; R's own fields (a new key, a secret, a URL) are optional, so it
  // is an R too. An action whose form ignores the answer says R = void.
  const action = async (slug: string, ...args: A): Promise<R> => (await run(slug, ...args)) as R;
  const run = async (slug: string, ...args: A): Promise<ActionResult> => {
    const session = await signedInOrRedirect(`/${slug}`);
    const form = args.find((arg): arg is FormData => arg instanceof FormData);
    const valuesOf = () => (options.values && form ? options.values(form) : undefined);
    const refused = (error: unknown): ActionResult => {
      const values = valuesOf();
      return { ...asFormState(error), ...(values ? { values } : {}) };
    };
    let ctx: WorkspaceContext;
    try {
      ctx = await memberCaller(session, slug);
    } catch (error) {
      // Not a member, or no such workspace: the same words either way.
      if (error instanceof AppError && error.code === "NOT_FOUND") return { error: "Not found." };
      return refused(error);
    }
    try {
      assertWritable(ctx, options.allowedWhenClosed);
      if (options.stepUp) await assertStepUp(session);
      // Another workspace's id in the form answers "Not found." and is a security event (SPEC §2).
      const result: ActionResult = (await probingNotFound(ctx, () => formAndArgValues(args), () => fn(ctx, ...args))) ?? { ok: true };
      const values = result.ok ? undefined : valuesOf();
      return values && !result.values ? { ...result, values } : result;
    } catch (error) {
      return refused(error);
    }
  };
  return marked(action, { kind: "action", caller: "member", writes: true, stepUp: options.stepUp, allowedWhenClosed: options.allowedWhenClosed });
}

/**
 * A server action of a signed-in user outside any workspace (the account page, accepting an
 * invitation): the session, or sign-in that comes back to `returnTo`; sudo mode when asked.
 * `fn` turns its own refusals into form state (it knows which values to give back).
 */
export function sessionAction<A extends unknown[], R>(
  options: { returnTo: string | ((first: NoInfer<A>[0]) => string); stepUp?: boolean },
  fn: (session: ActiveSession, ...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  const action = async (...args: A): Promise<R> => {
    const session = await signedInOrRedirect(typeof options.returnTo === "string" ? options.returnTo : options.returnTo(args[0]));
    if (options.stepUp) {
      try {
        await assertStepUp(session);
      } catch (error) {
        // The same answer as memberAction's: the form asks for the password, then retries.
        return asFormState(error) as R;
      }
    }
    return fn(session, ...args);
  };
  return marked(action, { kind: "action", caller: "session", writes: true, stepUp: options.stepUp });
}

export interface PublicActionOptions {
  /** The typed values a refusal gives back to the form, so nothing is lost (never secrets). */
  values?: (form: FormData) => Record<string, string>;
  /** Why this action takes no per-IP limit (signing out must always work). */
  unthrottled?: string;
}

/**
 * A server action anyone may post (sign-up, password reset, sign-out, accepting an
 * invitation with a new account). The proxy's cross-site check is in front; the per-IP cap
 * on authentication requests (policy `auth`) is counted here, not by the gate, because an
 * action runs whichever URL it is posted to (Next finds it by its id), so a limit by URL
 * would bind only the page it was written for. Over the cap the form gets the refusal (with
 * `values`); otherwise `fn` validates everything it reads and answers its own refusals
 * (finer limits, such as sign-ups per IP or resets per address, are its own).
 */
export function publicAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>, options: PublicActionOptions = {}): (...args: A) => Promise<R> {
  const action = async (...args: A): Promise<R> => {
    if (!options.unthrottled) {
      try {
        await assertWithinLimits(["auth"], (await requestFacts().meta()).ip, { entry: "public_action" });
      } catch (error) {
        const form = args.find((arg): arg is FormData => arg instanceof FormData);
        // Form state, as every action's refusal (R's fields are optional; a form whose R is void ignores it).
        return formErrorOf(error, form && options.values?.(form)) as R;
      }
    }
    return fn(...args);
  };
  return marked(action, { kind: "action", caller: "public", writes: true });
}
