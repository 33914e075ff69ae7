"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { AppError } from "@/lib/core/errors";
import { currentRequestMeta } from "@/lib/auth/current";
import { formErrorOf, type FormState } from "@/lib/forms/form-state";
import { clearLockoutByEmail, clearLockoutByHash } from "@/lib/operator/lockouts";
import { consolePath } from "@/lib/operator/paths";
import { assertConsoleRequest, requireStaff, staffCookie, type Staff } from "@/lib/operator/session";
import { authenticateStaff, signOutStaff } from "@/lib/operator/staff-auth";
import { reactivateCancelledWorkspace, suspendWorkspace, unsuspendWorkspace } from "@/lib/operator/workspaces";

/**
 * The console's server actions. Each one first proves the request came through the
 * ADMIN_PATH rewrite (a server action can be posted to any path) and then that a staff
 * member is signed in; only then does it touch lib/operator, which audits.
 */
async function asStaff(fn: (staff: Staff) => Promise<FormState | void>, values?: Record<string, string>): Promise<FormState> {
  await assertConsoleRequest();
  const staff = await requireStaff();
  try {
    const result = (await fn(staff)) ?? { ok: true };
    // The page behind the form shows the new state (the rewrite makes its path internal).
    revalidatePath("/", "layout");
    return result;
  } catch (error) {
    // A refusal gives the typed values back: nothing is lost.
    if (error instanceof AppError) return formErrorOf(error, values);
    throw error;
  }
}

export async function staffSignInAction(_prev: FormState, form: FormData): Promise<FormState> {
  await assertConsoleRequest();
  const email = String(form.get("email") ?? "");
  const result = await authenticateStaff(email, String(form.get("password") ?? ""), String(form.get("code") ?? ""), await currentRequestMeta());
  if (!result.ok) {
    const error = result.reason === "locked" ? "Too many failed attempts. This account is locked for 15 minutes." : "Incorrect email, password or authentication code.";
    return { error, values: { email: email.slice(0, 254) } };
  }
  const session = await staffCookie();
  session.staffId = result.staff.id;
  session.epoch = result.epoch;
  session.issuedAt = Date.now();
  await session.save();
  redirect(consolePath());
}

export async function staffSignOutAction(): Promise<void> {
  await assertConsoleRequest();
  const staff = await requireStaff();
  await signOutStaff(staff, await currentRequestMeta());
  (await staffCookie()).destroy();
  redirect(consolePath("/sign-in"));
}

const reasonOf = (form: FormData) => String(form.get("reason") ?? "").slice(0, 2000);

export async function suspendWorkspaceAction(workspaceId: string, _prev: FormState, form: FormData): Promise<FormState> {
  const reason = reasonOf(form);
  return asStaff(async (staff) => {
    await suspendWorkspace(staff, workspaceId, reason, await currentRequestMeta());
    return { ok: true, message: "Workspace suspended. Its owners were emailed the reason." };
  }, { reason });
}

export async function unsuspendWorkspaceAction(workspaceId: string, _prev: FormState): Promise<FormState> {
  return asStaff(async (staff) => {
    await unsuspendWorkspace(staff, workspaceId, await currentRequestMeta());
    return { ok: true, message: "Suspension lifted." };
  });
}

export async function clearLockoutAction(_prev: FormState, form: FormData): Promise<FormState> {
  return asStaff(async (staff) => {
    const meta = await currentRequestMeta();
    const hash = form.get("emailHash");
    if (typeof hash === "string" && hash) {
      return (await clearLockoutByHash(staff, hash, meta)) ? { ok: true, message: "Lockout cleared." } : { error: "That lockout has already ended." };
    }
    const email = String(form.get("email") ?? "").slice(0, 254);
    const cleared = await clearLockoutByEmail(staff, email, meta);
    if (cleared === null) return { error: "Enter a valid email address.", fieldErrors: { email: "Enter a valid email address." }, values: { email } };
    return cleared ? { ok: true, message: "Lockout cleared: the member can sign in again." } : { error: "No sign-in failures are recorded for that address.", values: { email } };
  });
}

export async function reactivateCancelledAction(workspaceId: string, _prev: FormState, form: FormData): Promise<FormState> {
  const reason = reasonOf(form);
  return asStaff(async (staff) => {
    await reactivateCancelledWorkspace(staff, workspaceId, reason, await currentRequestMeta());
    return { ok: true, message: "Workspace reactivated: its deletion is cancelled. Its owners were emailed." };
  }, { reason });
}
