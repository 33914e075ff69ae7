"use server";

import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { z } from "zod";
import { cookieNames, cookieOptions } from "@/lib/auth/cookies";
import { currentRequestMeta } from "@/lib/auth/current";
import { AuthError } from "@/lib/auth/errors";
import { authenticationOptions, memberRegistrationOptions } from "@/lib/auth/mfa/passkey-options";
import { confirmWithPasskey } from "@/lib/auth/mfa/passkey-step-up";
import { addPasskey, removePasskey, renamePasskey } from "@/lib/auth/mfa/passkeys";
import { challengeCookie } from "@/lib/auth/mfa/webauthn-challenge";
import { STEP_UP_TTL_SECONDS } from "@/lib/auth/step-up";
import { sessionAction } from "@/lib/entry/action";
import { formErrorOf, type ActionResult } from "@/lib/forms/form-state";

/**
 * The account page's passkey actions (lib/auth/mfa/passkeys.ts holds the rules). Adding and
 * removing need sudo mode; a ceremony's challenge travels in its sealed cookie, set by the
 * options action and spent (cleared) by the verifying one.
 */

export type OptionsResult<T> = ActionResult & { options?: T };

/** A passkey added; with the recovery codes to show once when it is the account's first second factor. */
export type AddPasskeyResult = ActionResult & { recoveryCodes?: string[] };

async function setChallenge(sealed: string): Promise<void> {
  const cookie = challengeCookie(sealed);
  (await cookies()).set(cookie.name, cookie.value, cookie.options);
}

/** The ceremony's challenge cookie, cleared as it is read: a challenge is spent once. */
async function spendChallenge(): Promise<string | undefined> {
  const store = await cookies();
  const sealed = store.get(cookieNames().webauthn)?.value;
  store.delete(cookieNames().webauthn);
  return sealed;
}

const idOf = (form: FormData) => z.uuid().safeParse(form.get("passkeyId"));

export const passkeyRegistrationOptionsAction = sessionAction(
  { returnTo: "/account", stepUp: true },
  async (session): Promise<OptionsResult<PublicKeyCredentialCreationOptionsJSON>> => {
    const { options, sealed } = await memberRegistrationOptions(session);
    await setChallenge(sealed);
    return { options };
  },
);

export const addPasskeyAction = sessionAction({ returnTo: "/account", stepUp: true }, async (session, responseJSON: string, name: string): Promise<AddPasskeyResult> => {
  try {
    const { passkey, recoveryCodes } = await addPasskey(session, String(responseJSON), String(name ?? ""), await spendChallenge(), await currentRequestMeta());
    revalidatePath("/account");
    return { ok: true, message: `Passkey "${passkey.name}" added. You can now sign in with it alone.`, recoveryCodes: recoveryCodes ?? undefined };
  } catch (error) {
    return formErrorOf(error, { name: String(name ?? "").slice(0, 64) });
  }
});

export const renamePasskeyAction = sessionAction({ returnTo: "/account" }, async (session, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
  const id = idOf(form);
  const name = String(form.get("name") ?? "");
  if (!id.success) return { error: "No such passkey." };
  try {
    await renamePasskey(session, id.data, name, await currentRequestMeta());
  } catch (error) {
    return formErrorOf(error, { name: name.slice(0, 64) });
  }
  revalidatePath("/account");
  return { ok: true, message: "Renamed." };
});

export const removePasskeyAction = sessionAction({ returnTo: "/account", stepUp: true }, async (session, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
  const id = idOf(form);
  if (!id.success) return { error: "No such passkey." };
  try {
    await removePasskey(session, id.data, await currentRequestMeta());
  } catch (error) {
    return formErrorOf(error);
  }
  revalidatePath("/account");
  return { ok: true, message: "Passkey removed." };
});

/** Step-up with a passkey: the options name the user's own passkeys; the challenge is bound to this session. */
export const passkeyStepUpOptionsAction = sessionAction(
  { returnTo: "/account" },
  async (session): Promise<OptionsResult<PublicKeyCredentialRequestOptionsJSON>> => {
    const { options, sealed } = await authenticationOptions("step_up", { sessionId: session.sessionId, userId: session.user.id });
    if (!options.allowCredentials?.length) return { error: "Your account has no passkey yet: confirm with your password." };
    await setChallenge(sealed);
    return { options };
  },
);

export const confirmWithPasskeyAction = sessionAction({ returnTo: "/account" }, async (session, responseJSON: string): Promise<ActionResult> => {
  let sealed: string;
  try {
    sealed = await confirmWithPasskey(session, String(responseJSON), { ...(await currentRequestMeta()), challenge: await spendChallenge() });
  } catch (error) {
    if (error instanceof AuthError) return { error: error.message };
    throw error;
  }
  (await cookies()).set(cookieNames().stepUp, sealed, cookieOptions(STEP_UP_TTL_SECONDS));
  revalidatePath("/", "layout");
  return { ok: true, message: "Confirmed. Sensitive actions are unlocked for 10 minutes." };
});
