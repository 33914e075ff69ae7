import "server-only";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { RequestMetaFull } from "../auth/request-meta";
import { AppError } from "../core/errors";
import { formErrorOf, type FormState } from "../forms/form-state";
import { authorizeStaff, type StaffContext } from "../operator/context";
import { consolePath } from "../operator/paths";
import { assertConsoleRequest } from "../operator/session";
import { assertWithinLimits } from "../security/rate-limit/per-ip";
import type { PolicyName } from "../security/rate-limit/policies";
import { requestFacts } from "./facts";
import { marked } from "./marker";

/**
 * The operator console's entry points (SPEC §11). Each one first proves that the request
 * came through the proxy's rewrite of ADMIN_PATH: the console's internal prefix is a 404
 * otherwise, and a server action can be posted to any path. Then, except for the sign-in
 * form, the signed-in staff member (lib/operator/context.ts): a member's session means
 * nothing here.
 */

/** The marker, then the staff member of the console cookie, or null. */
async function consoleCaller(): Promise<StaffContext | null> {
  await assertConsoleRequest();
  return authorizeStaff(await requestFacts().meta());
}

async function staffOrSignIn(): Promise<StaffContext> {
  const ctx = await consoleCaller();
  if (!ctx) redirect(consolePath("/sign-in"));
  return ctx;
}

/** The path of the console's change-password page, all a staff member with a CLI password may see. */
export const STAFF_PASSWORD_PATH = "/password";

/** A staff member whose CLI-set password must be changed reaches nothing else (decision 031). */
async function staffWithOwnPassword(): Promise<StaffContext> {
  const ctx = await staffOrSignIn();
  if (ctx.staff.mustChangePassword) redirect(consolePath(STAFF_PASSWORD_PATH));
  return ctx;
}

/** A console page: the staff member's context, or the console's sign-in. Layout and page share one lookup. */
export const staffPage = cache(staffWithOwnPassword);

/** The change-password page: the one console page open while the password must be changed. */
export const staffPasswordPage = cache(staffOrSignIn);

/**
 * The console's frame, which wraps its sign-in page too: the staff member's context when one
 * is signed in, null otherwise (never a redirect, which would loop on the sign-in page).
 */
export const staffIfSignedIn = cache(consoleCaller);

export interface StaffActionOptions {
  /** The typed values a refusal gives back to the form, so nothing is lost (never secrets). */
  values?: (form: FormData) => Record<string, string>;
  /** Why this action runs while the password must be changed (changing it, signing out). */
  allowedWhilePasswordMustChange?: string;
}

/** Form state, or nothing for an action no form state follows (sign-out, which redirects). */
export type StaffActionResult<R> = [R] extends [void] ? void : FormState;

/**
 * A console server action: the marker, the staff member (sign-in otherwise), then `fn`,
 * whose lib/operator calls audit. On success the console's pages are revalidated (the
 * rewrite makes their paths internal, so the whole tree). AppErrors become form state with
 * `values` of the posted form; anything else is the error page.
 */
export function staffAction<A extends unknown[], R extends FormState | void>(
  fn: (ctx: StaffContext, ...args: A) => Promise<R>,
  options: StaffActionOptions = {},
): (...args: A) => Promise<StaffActionResult<R>> {
  const action = async (...args: A): Promise<StaffActionResult<R>> => {
    const ctx = await staffOrSignIn();
    if (ctx.staff.mustChangePassword && !options.allowedWhilePasswordMustChange) redirect(consolePath(STAFF_PASSWORD_PATH));
    try {
      const result = (await fn(ctx, ...args)) ?? { ok: true };
      revalidatePath("/", "layout");
      return result as StaffActionResult<R>;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const form = args.find((arg): arg is FormData => arg instanceof FormData);
      return formErrorOf(error, form && options.values?.(form)) as StaffActionResult<R>;
    }
  };
  return marked(action, { kind: "action", caller: "staff", writes: true });
}

/**
 * The console's sign-in has the members' per-IP limits and shares their buckets (SPEC §1,
 * §11): the coarse cap on authentication requests and the sign-in limit.
 */
const STAFF_SIGN_IN_LIMITS: readonly PolicyName[] = ["auth", "signIn"];

/**
 * The console's one action without staff: its sign-in form. The marker first, so the form
 * answers only at ADMIN_PATH; then the per-IP sign-in limits, here and not in the gate,
 * because a server action runs at whichever console URL it is posted to (every console page
 * carries the console's actions); then `fn`, which gets the request's meta (for the lockout,
 * the security events and the audit row) and answers its own refusals. A refusal gives
 * back `values` of the posted form.
 */
export function consolePublicAction<A extends unknown[], R>(
  fn: (meta: RequestMetaFull, ...args: A) => Promise<R>,
  options: StaffActionOptions = {},
): (...args: A) => Promise<R | FormState> {
  const action = async (...args: A): Promise<R | FormState> => {
    await assertConsoleRequest();
    const meta = await requestFacts().meta();
    try {
      await assertWithinLimits(STAFF_SIGN_IN_LIMITS, meta.ip, { entry: "staff_sign_in" });
      return await fn(meta, ...args);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const form = args.find((arg): arg is FormData => arg instanceof FormData);
      return formErrorOf(error, form && options.values?.(form));
    }
  };
  return marked(action, { kind: "action", caller: "public", writes: true });
}
