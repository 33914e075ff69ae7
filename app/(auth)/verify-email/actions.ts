"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { signInBrowser } from "@/lib/auth/browser-sign-in";
import { cookieNames } from "@/lib/auth/cookies";
import { currentRequestMeta } from "@/lib/auth/current";
import { completeVerification, openVerification } from "@/lib/auth/email-verification";
import { AuthError } from "@/lib/auth/errors";
import { presentedCookies, setSignInCookies } from "@/lib/auth/set-cookies";
import { signedUpHere } from "@/lib/auth/sign-up-cookie";
import { publicAction } from "@/lib/entry/action";
import { formErrorOf, type FormState } from "@/lib/forms/form-state";

/**
 * Follows a verification link (a POST from the page the link opens, so a mail scanner that
 * fetches links spends nothing): verified, signed in, and into the new workspace.
 */
export const verifyEmailAction = publicAction(async (token: string, _prev: FormState, form: FormData): Promise<FormState> => {
  const meta = await currentRequestMeta();
  const store = await cookies();
  const opened = await openVerification(token);
  const here = opened ? await signedUpHere(store.get(cookieNames().signUp)?.value, opened.user.id) : false;
  const password = form.get("password");
  let slug: string;
  try {
    const { user, workspace } = await completeVerification(token, { signedUpHere: here, password: typeof password === "string" ? password : undefined }, meta);
    const { cookies: toSet } = await signInBrowser(user, meta, await presentedCookies(), "email_verification");
    await setSignInCookies(toSet);
    store.delete(cookieNames().signUp);
    slug = workspace.slug;
  } catch (error) {
    if (error instanceof AuthError) return { fieldErrors: { password: error.code === "invalid_credentials" ? "That password is not correct." : error.message } };
    return formErrorOf(error);
  }
  redirect(`/${slug}`);
});
