import "server-only";
import { redirect } from "next/navigation";
import { StepUpRequired } from "../auth/errors";
import type { ActiveSession } from "../auth/sessions";
import type { WorkspaceContext } from "../authz/context";
import { AppError } from "../core/errors";
import { formErrorOf, type ActionResult } from "../forms/form-state";
import { requestFacts } from "./facts";
import { marked } from "./marker";
import { assertStepUp, assertWritable, memberCaller } from "./steps";

export type { ActionResult };

/** Refusals and validation errors become form state; anything else is the error page. */
function asFormState(error: unknown): ActionResult {
  if (error instanceof StepUpRequired) return { error: error.message, stepUpRequired: true };
  if (error instanceof AppError) return formErrorOf(error);
  throw error;
}

async function signedInOrRedirect(returnTo: string): Promise<ActiveSession> {
  const session = await requestFacts().session();
  if (!session) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return session;
}

export interface MemberActionOptions {
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
export function memberAction<A extends unknown[]>(
  options: MemberActionOptions,
  fn: (ctx: WorkspaceContext, ...args: A) => Promise<ActionResult | void>,
): (slug: string, ...args: A) => Promise<ActionResult> {
  const action = async (slug: string, ...args: A): Promise<ActionResult> => {
    const session = await signedInOrRedirect(`/${slug}`);
    let ctx: WorkspaceContext;
    try {
      ctx = await memberCaller(session, slug);
      assertWritable(ctx, options.allowedWhenClosed);
      if (options.stepUp) await assertStepUp(session);
    } catch (error) {
      if (error instanceof AppError && error.code === "NOT_FOUND") return { error: "Not found." };
      return asFormState(error);
    }
    try {
      return (await fn(ctx, ...args)) ?? { ok: true };
    } catch (error) {
      return asFormState(error);
    }
  };
  return marked(action, { kind: "action", caller: "member", writes: true, stepUp: options.stepUp, allowedWhenClosed: options.allowedWhenClosed });
}

/**
 * A server action of a signed-in user outside any workspace (the account page). The
 * session, or sign-in that comes back to `returnTo`; sudo mode when asked.
 */
export function sessionAction<A extends unknown[], R>(
  options: { returnTo: string; stepUp?: boolean },
  fn: (session: ActiveSession, ...args: A) => Promise<R>,
): (...args: A) => Promise<R | ActionResult> {
  const action = async (...args: A): Promise<R | ActionResult> => {
    const session = await signedInOrRedirect(options.returnTo);
    try {
      if (options.stepUp) await assertStepUp(session);
      return await fn(session, ...args);
    } catch (error) {
      return asFormState(error);
    }
  };
  return marked(action, { kind: "action", caller: "session", writes: true, stepUp: options.stepUp });
}

/**
 * A server action anyone may post (sign-up, password reset, accepting an invitation with a
 * new account). The proxy's per-IP limits and cross-site check are in front; `fn` validates
 * everything it reads. Errors it throws as AppErrors become form state.
 */
export function publicAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R | ActionResult> {
  const action = async (...args: A): Promise<R | ActionResult> => {
    try {
      return await fn(...args);
    } catch (error) {
      return asFormState(error);
    }
  };
  return marked(action, { kind: "action", caller: "public", writes: true });
}
