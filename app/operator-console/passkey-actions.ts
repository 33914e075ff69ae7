"use server";

import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { cookies } from "next/headers";
import { z } from "zod";
import { cookieNames } from "@/lib/auth/cookies";
import { challengeCookie } from "@/lib/auth/mfa/webauthn-challenge";
import { staffAction } from "@/lib/entry/staff";
import type { FormState } from "@/lib/forms/form-state";
import { addStaffPasskey, removeStaffPasskey, staffRegistrationOptions } from "@/lib/operator/staff-passkeys";

/** The console's passkey actions (lib/operator/staff-passkeys.ts holds the rules and the audit). */

export const staffPasskeyOptionsAction = staffAction(async (ctx): Promise<FormState & { options?: PublicKeyCredentialCreationOptionsJSON }> => {
  const { options, sealed } = await staffRegistrationOptions(ctx);
  const cookie = challengeCookie(sealed);
  (await cookies()).set(cookie.name, cookie.value, cookie.options);
  return { options };
});

export const addStaffPasskeyAction = staffAction(async (ctx, responseJSON: string, name: string): Promise<FormState> => {
  const store = await cookies();
  const sealed = store.get(cookieNames().webauthn)?.value;
  store.delete(cookieNames().webauthn);
  const added = await addStaffPasskey(ctx, String(responseJSON), String(name ?? ""), sealed);
  return { ok: true, message: `Passkey "${added.name}" added.` };
});

export const removeStaffPasskeyAction = staffAction(async (ctx, _prev: FormState, form: FormData): Promise<FormState> => {
  const id = z.uuid().safeParse(form.get("passkeyId"));
  if (!id.success) return { error: "No such passkey." };
  await removeStaffPasskey(ctx, id.data);
  return { ok: true, message: "Passkey removed." };
});
