"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { signInBrowser } from "@/lib/auth/browser-sign-in";
import { currentRequestMeta } from "@/lib/auth/current";
import { presentedCookies, setSignInCookies } from "@/lib/auth/set-cookies";
import type { ActiveSession } from "@/lib/auth/sessions";
import { publicAction, sessionAction } from "@/lib/entry/action";
import { fieldErrorsOf, formErrorOf, type FormState } from "@/lib/forms/form-state";
import { plainText } from "@/lib/security/sanitize";
import { acceptInvitation, acceptWithNewAccount } from "@/lib/team/invitations";

export const acceptInvitationAction = sessionAction(
  { returnTo: (token: string) => `/invitations/accept?token=${encodeURIComponent(token)}` },
  async (session: ActiveSession, token: string, _prev: FormState, _form: FormData): Promise<FormState> => {
    let slug: string;
    try {
      slug = (await acceptInvitation(token, session.user, await currentRequestMeta())).slug;
    } catch (error) {
      return formErrorOf(error);
    }
    redirect(`/${slug}`);
  },
);

const newAccountSchema = z.object({
  name: z.string().max(1000).transform(plainText).pipe(z.string().min(1, "Enter your name.").max(120)),
  password: z.string().max(128),
});

export const acceptWithNewAccountAction = publicAction(async (token: string, _prev: FormState, form: FormData): Promise<FormState> => {
  const parsed = newAccountSchema.safeParse({ name: form.get("name"), password: form.get("password") });
  const values = { name: String(form.get("name") ?? "").slice(0, 120) };
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
  let slug: string;
  try {
    const meta = await currentRequestMeta();
    const { workspace, user } = await acceptWithNewAccount(token, parsed.data, meta);
    // The invitation proved the address: the new member is signed in (SPEC §1).
    await setSignInCookies((await signInBrowser(user, meta, await presentedCookies(), "invitation")).cookies);
    slug = workspace.slug;
  } catch (error) {
    return formErrorOf(error, values);
  }
  redirect(`/${slug}`);
});
