"use server";

import { staffAction } from "@/lib/entry/staff";
import type { FormState } from "@/lib/forms/form-state";
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
