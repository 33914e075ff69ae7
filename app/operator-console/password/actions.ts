"use server";

import { redirect } from "next/navigation";
import { staffAction } from "@/lib/entry/staff";
import type { FormState } from "@/lib/forms/form-state";
import { consolePath } from "@/lib/operator/paths";
import { staffCookie } from "@/lib/operator/session";
import { changeStaffPassword } from "@/lib/operator/staff-password";

/**
 * The console's change-password form (decision 031): open while a CLI password must be
 * changed. The account's other console sessions end; this one carries on with the new epoch.
 */
export const changeStaffPasswordAction = staffAction(
  async (ctx, _prev: FormState, form: FormData): Promise<FormState> => {
    const next = String(form.get("newPassword") ?? "");
    if (next !== String(form.get("confirm") ?? "")) return { fieldErrors: { confirm: "The passwords do not match." }, error: "The passwords do not match." };
    const wasTemporary = ctx.staff.mustChangePassword === true;
    const { epoch } = await changeStaffPassword(ctx, String(form.get("currentPassword") ?? ""), next);
    const cookie = await staffCookie();
    cookie.epoch = epoch;
    await cookie.save();
    if (wasTemporary) redirect(consolePath());
    return { ok: true, message: "Password changed. Your other console sessions were signed out." };
  },
  { allowedWhilePasswordMustChange: "this is how the password gets changed" },
);
