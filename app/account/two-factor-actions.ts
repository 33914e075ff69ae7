"use server";

import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { cookieNames, cookieOptions } from "@/lib/auth/cookies";
import { currentRequestMeta } from "@/lib/auth/current";
import { AuthError } from "@/lib/auth/errors";
import { beginTotpEnrolment, confirmTotp, removeTotp } from "@/lib/auth/mfa/totp";
import { regenerateRecoveryCodes } from "@/lib/auth/mfa/recovery";
import { confirmSecondFactor, STEP_UP_TTL_SECONDS } from "@/lib/auth/step-up";
import { sessionAction } from "@/lib/entry/action";
import { formErrorOf, type ActionResult } from "@/lib/forms/form-state";

/** What the authenticator-app setup shows: the code to scan, then the recovery codes once. */
export interface TotpSetupState extends ActionResult {
  enrolment?: { qrSvg: string; secret: string; sealed: string };
  recoveryCodes?: string[];
}

export const beginTotpAction = sessionAction({ returnTo: "/account", stepUp: true }, async (session): Promise<TotpSetupState> => {
  const { qrSvg, secret, sealed } = await beginTotpEnrolment(session.user);
  return { enrolment: { qrSvg, secret, sealed } };
});

export const confirmTotpAction = sessionAction({ returnTo: "/account", stepUp: true }, async (session, _prev: TotpSetupState, form: FormData): Promise<TotpSetupState> => {
  const sealed = String(form.get("enrolment") ?? "");
  const code = String(form.get("code") ?? "").slice(0, 16);
  try {
    const codes = await confirmTotp(session, sealed, code, await currentRequestMeta());
    revalidatePath("/", "layout");
    return { ok: true, message: "Authenticator app added. Sign-ins and sudo mode now ask for its code.", recoveryCodes: codes ?? undefined };
  } catch (error) {
    // The same QR code stays on screen: a mistyped code is tried again without rescanning.
    return { ...formErrorOf(error), enrolment: _prev.enrolment };
  }
});

export const removeTotpAction = sessionAction({ returnTo: "/account", stepUp: true }, async (session): Promise<ActionResult> => {
  try {
    await removeTotp(session, await currentRequestMeta());
  } catch (error) {
    return formErrorOf(error);
  }
  revalidatePath("/", "layout");
  return { ok: true, message: "Authenticator app removed." };
});

export const regenerateRecoveryCodesAction = sessionAction({ returnTo: "/account", stepUp: true }, async (session): Promise<TotpSetupState> => {
  try {
    const codes = await regenerateRecoveryCodes(session, await currentRequestMeta());
    revalidatePath("/account");
    return { ok: true, message: "New recovery codes. The old ones no longer work.", recoveryCodes: codes };
  } catch (error) {
    return formErrorOf(error);
  }
});

/** Sudo mode for a user with a second factor: a code from the app or a recovery code. */
export const confirmCodeAction = sessionAction({ returnTo: "/account" }, async (session, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
  const code = String(form.get("code") ?? "");
  if (!code.trim()) return { fieldErrors: { code: "Enter the code from your authenticator app, or a recovery code." } };
  let sealed: string;
  try {
    sealed = await confirmSecondFactor(session, code, await currentRequestMeta());
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    if (error.code === "signed_out_password_failures" || error.code === "session_expired") {
      const store = await cookies();
      store.delete(cookieNames().session);
      store.delete(cookieNames().stepUp);
      redirect(`/sign-in?error=${error.code}`);
    }
    const words: Partial<Record<string, string>> = {
      invalid_otp: "That code is not valid. Enter the code your app shows now, or an unused recovery code.",
      locked: "Too many wrong codes for this account. Try again in 15 minutes.",
      rate_limited: "Too many attempts from your network. Try again later.",
    };
    return { fieldErrors: { code: words[error.code] ?? error.message } };
  }
  (await cookies()).set(cookieNames().stepUp, sealed, cookieOptions(STEP_UP_TTL_SECONDS));
  revalidatePath("/", "layout");
  return { ok: true, message: "Confirmed. Sensitive actions are unlocked for 10 minutes." };
});
