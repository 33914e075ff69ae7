"use server";

import { publicAction } from "@/lib/entry/action";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { recordSecurityEvent } from "@/lib/audit/security-events";
import { currentRequestMeta } from "@/lib/auth/current";
import { emailSchema } from "@/lib/auth/email-address";
import { requestPasswordReset, resetPassword } from "@/lib/auth/password-reset";
import { resendVerification, signUp, signUpSchema } from "@/lib/auth/sign-up";
import { signUpCookie } from "@/lib/auth/sign-up-cookie";
import { fieldErrorsOf, formErrorOf, safeValues, type FormState } from "@/lib/forms/form-state";
import { checkRateLimit } from "@/lib/security/rate-limit/limiter";

/**
 * Each action is a publicAction: the per-IP cap on authentication requests is counted by
 * the action itself, wherever it is posted, and a refusal keeps what was typed.
 */
const signUpValues = (form: FormData) => safeValues(form, ["name", "email", "workspaceName"]);
const emailValues = (form: FormData) => safeValues(form, ["email"]);

export const signUpAction = publicAction(async (_prev: FormState, form: FormData): Promise<FormState> => {
  const values = signUpValues(form);
  const parsed = signUpSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
  const meta = await currentRequestMeta();
  const limit = await checkRateLimit("signUp", meta.ip);
  if (!limit.success) {
    await recordSecurityEvent({ type: "sign_up_blocked", ip: meta.ip });
    return { error: "Too many sign-ups from your network. Try again in an hour.", values };
  }
  let pendingUserId: string | null;
  try {
    ({ pendingUserId } = await signUp(parsed.data, meta));
  } catch (error) {
    return formErrorOf(error, values);
  }
  // Set whatever happened (a random id when nothing was created): the answer is the same for every address.
  const cookie = await signUpCookie(pendingUserId);
  (await cookies()).set(cookie.name, cookie.value, cookie.options);
  return { ok: true, message: CHECK_EMAIL, values: { email: parsed.data.email } };
}, { values: signUpValues });

const CHECK_EMAIL = "Check your email: we sent a link to confirm your address. Your workspace opens when you follow it (within 24 hours).";

/** "Send the link again" on the sign-up form's answer: the same words whatever the address. */
export const resendVerificationAction = publicAction(async (_prev: FormState, form: FormData): Promise<FormState> => {
  const parsed = z.object({ email: emailSchema }).safeParse({ email: form.get("email") });
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values: emailValues(form) };
  const accepted = await resendVerification(parsed.data.email, await currentRequestMeta());
  if (!accepted) return { error: "Too many links sent to this address. Try again in an hour.", values: emailValues(form) };
  return { ok: true, message: "If a sign-up is waiting for that address, a new link is on its way; earlier links no longer work.", values: emailValues(form) };
}, { values: emailValues });

export const forgotPasswordAction = publicAction(async (_prev: FormState, form: FormData): Promise<FormState> => {
  const parsed = z.object({ email: emailSchema }).safeParse({ email: form.get("email") });
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values: emailValues(form) };
  const accepted = await requestPasswordReset(parsed.data.email, await currentRequestMeta());
  if (!accepted) {
    return { error: "Too many reset requests for this address. Try again in an hour.", values: emailValues(form) };
  }
  return {
    ok: true,
    message: "If an account exists for that address, we have sent it a link to reset the password. The link works for 30 minutes.",
  };
}, { values: emailValues });

const resetSchema = z
  .object({ token: z.string().min(1).max(128), password: z.string().max(128), confirm: z.string().max(128) })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The passwords do not match." });

export const resetPasswordAction = publicAction(async (_prev: FormState, form: FormData): Promise<FormState> => {
  const parsed = resetSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error) };
  try {
    await resetPassword(parsed.data.token, parsed.data.password, await currentRequestMeta());
  } catch (error) {
    return formErrorOf(error);
  }
  redirect("/sign-in?notice=reset");
});
