"use server";

import { staffAction } from "@/lib/entry/staff";
import type { FormState } from "@/lib/forms/form-state";
import { resetMemberFactors } from "@/lib/operator/user-factors";
import { signOutUserEverywhere } from "@/lib/operator/user-sessions";

const values = (form: FormData) => ({ email: String(form.get("email") ?? "").slice(0, 254), reason: String(form.get("reason") ?? "").slice(0, 2000) });

/** Signs a member out of every device (decision 030): a reason, audited, and emailed to them. */
export const signOutUserEverywhereAction = staffAction(
  async (ctx, _prev: FormState, form: FormData): Promise<FormState> => {
    const { email, reason } = values(form);
    const count = await signOutUserEverywhere(ctx, email, reason);
    if (count === null) return { error: "No account has that address.", fieldErrors: { email: "No account has that address." }, values: { email, reason } };
    return { ok: true, message: `Signed out everywhere: ${count} session${count === 1 ? "" : "s"} ended. The member was emailed the reason.` };
  },
  { values },
);

const resetValues = (form: FormData) => ({
  email: String(form.get("email") ?? "").slice(0, 254),
  reason: String(form.get("reason") ?? "").slice(0, 2000),
  identityCheck: String(form.get("identityCheck") ?? "").slice(0, 2000),
});

/** Removes a member's second factors after a recorded identity check: audited in both chains, emailed. */
export const resetMemberFactorsAction = staffAction(
  async (ctx, _prev: FormState, form: FormData): Promise<FormState> => {
    const { email, reason, identityCheck } = resetValues(form);
    const result = await resetMemberFactors(ctx, email, { reason, identityCheck });
    if (result === null) return { error: "No account has that address.", fieldErrors: { email: "No account has that address." }, values: { email, reason, identityCheck } };
    const removed = [result.totp ? "the authenticator app" : null, result.passkeys ? `${result.passkeys} passkey${result.passkeys === 1 ? "" : "s"}` : null].filter(Boolean);
    return {
      ok: true,
      message: `${removed.length ? `Removed ${removed.join(" and ")} and the recovery codes` : "The account had no second factor"}; ${result.sessions} session${result.sessions === 1 ? "" : "s"} ended. The member was emailed.`,
    };
  },
  { values: resetValues },
);
