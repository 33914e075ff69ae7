"use server";

import { sessionAction } from "@/lib/entry/action";
import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { deleteAccount } from "@/lib/auth/account-deletion";
import { cookieNames, cookieOptions } from "@/lib/auth/cookies";
import { AuthError, StepUpRequired } from "@/lib/auth/errors";
import { currentRequestMeta } from "@/lib/auth/current";
import { changePassword } from "@/lib/auth/password-change";
import { revokeOtherSessions, revokeSession } from "@/lib/auth/sessions";
import { confirmPassword, STEP_UP_TTL_SECONDS } from "@/lib/auth/step-up";
import { recordUserAudit } from "@/lib/auth/user-events";
import { fieldErrorsOf, formErrorOf, type ActionResult, type FormState } from "@/lib/forms/form-state";

// No length caps here: an over-long current password is refused by verifyUserPassword and
// an over-long new one by passwordProblem, each with its own words; nothing is cut down.
const changeSchema = z
  .object({ currentPassword: z.string().min(1, "Enter your current password."), newPassword: z.string(), confirm: z.string() })
  .refine((v) => v.newPassword === v.confirm, { path: ["confirm"], message: "The passwords do not match." });

/**
 * A refused password check (lib/auth/verify-password) as the form's words for `field`. A
 * session revoked for repeated failures signs this browser out and the sign-in page says why.
 */
async function refusedPassword(error: unknown, field: string): Promise<FormState> {
  if (!(error instanceof AuthError)) return formErrorOf(error);
  switch (error.code) {
    case "signed_out_password_failures":
    case "session_expired": {
      const store = await cookies();
      store.delete(cookieNames().session);
      store.delete(cookieNames().stepUp);
      return redirect(`/sign-in?error=${error.code}`);
    }
    case "invalid_credentials":
      return { fieldErrors: { [field]: "That password is not correct." } };
    case "rate_limited": {
      const minutes = Math.max(1, Math.ceil((error.retryAfterSeconds ?? 60) / 60));
      return { fieldErrors: { [field]: `Too many password attempts from your network. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.` } };
    }
    case "locked":
      return { fieldErrors: { [field]: "Too many wrong passwords for this account. Try again in 15 minutes." } };
    default:
      return { fieldErrors: { [field]: error.message } };
  }
}

export const changePasswordAction = sessionAction({ returnTo: "/account" }, async (session, _prev: FormState, form: FormData): Promise<FormState> => {
  const parsed = changeSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error) };
  try {
    const { revokedSessions } = await changePassword(session, parsed.data.currentPassword, parsed.data.newPassword, await currentRequestMeta());
    revalidatePath("/account");
    return {
      ok: true,
      message: `Password changed.${revokedSessions > 0 ? ` ${revokedSessions} other session${revokedSessions === 1 ? " was" : "s were"} signed out.` : ""}`,
    };
  } catch (error) {
    return refusedPassword(error, "currentPassword");
  }
});

/** Sudo mode too (ASVS V7.5.2): a stolen session must not end its owner's sessions one by one either. */
export const revokeSessionAction = sessionAction({ returnTo: "/account", stepUp: true }, async (session, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
  const id = z.uuid().safeParse(form.get("sessionId"));
  if (!id.success) return { error: "That session could not be found." };
  if (await revokeSession(session.user.id, id.data, "revoked_by_user")) {
    await recordUserAudit(session.user, "session.revoked", await currentRequestMeta(), { type: "session", id: id.data });
  }
  revalidatePath("/account");
  return { ok: true, message: "Session signed out." };
});

/** Sudo mode (decision 030): a stolen session must not be able to sign its owner out everywhere else. */
export const revokeOtherSessionsAction = sessionAction({ returnTo: "/account", stepUp: true }, async (session, _prev: ActionResult, _form: FormData): Promise<ActionResult> => {
  const count = await revokeOtherSessions(session.user.id, session.sessionId, "revoked_by_user");
  if (count > 0) {
    await recordUserAudit(session.user, "session.revoked_all_others", await currentRequestMeta(), null, { revoked_sessions: count });
  }
  revalidatePath("/account");
  return { ok: true, message: `Signed out of ${count} other session${count === 1 ? "" : "s"}.` };
});

export const confirmPasswordAction = sessionAction({ returnTo: "/account" }, async (session, _prev: FormState, form: FormData): Promise<FormState> => {
  const password = form.get("password");
  if (typeof password !== "string" || !password) return { fieldErrors: { password: "Enter your password." } };
  let sealed: string;
  try {
    sealed = await confirmPassword(session, password, await currentRequestMeta());
  } catch (error) {
    return refusedPassword(error, "password");
  }
  (await cookies()).set(cookieNames().stepUp, sealed, cookieOptions(STEP_UP_TTL_SECONDS));
  // Every page that shows sudo state (account, team, groups) re-renders.
  revalidatePath("/", "layout");
  return { ok: true, message: "Confirmed. Sensitive actions are unlocked for 10 minutes." };
});

export interface DeleteAccountState extends FormState {
  stepUpRequired?: boolean;
}

/** Deletes the signed-in account (sudo mode, address typed), then signs this browser out. */
export const deleteAccountAction = sessionAction({ returnTo: "/account" }, async (session, _prev: DeleteAccountState, form: FormData): Promise<DeleteAccountState> => {
  const store = await cookies();
  const confirmation = String(form.get("confirmation") ?? "").slice(0, 300);
  try {
    await deleteAccount(session, confirmation, store.get(cookieNames().stepUp)?.value, await currentRequestMeta());
  } catch (error) {
    if (error instanceof StepUpRequired) return { error: error.message, stepUpRequired: true, values: { confirmation } };
    return formErrorOf(error, { confirmation });
  }
  store.delete(cookieNames().session);
  store.delete(cookieNames().stepUp);
  redirect("/sign-in?notice=account_deleted");
});
