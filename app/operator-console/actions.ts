"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cookieNames } from "@/lib/auth/cookies";
import { consolePublicAction, staffAction } from "@/lib/entry/staff";
import type { FormState } from "@/lib/forms/form-state";
import { clearLockoutByEmail, clearLockoutByHash } from "@/lib/operator/lockouts";
import { consolePath } from "@/lib/operator/paths";
import { staffCookie } from "@/lib/operator/session";
import { authenticateStaff, signOutStaff } from "@/lib/operator/staff-auth";
import { reactivateCancelledWorkspace, suspendWorkspace, unsuspendWorkspace } from "@/lib/operator/workspaces";

/**
 * The console's server actions, each built by lib/entry/staff.ts: it first proves the
 * request came through the ADMIN_PATH rewrite (a server action can be posted to any path)
 * and then, for all but sign-in, that a staff member is signed in (sign-in: the per-IP
 * sign-in limits, whichever console URL it was posted to); only then does the action touch
 * lib/operator, which audits.
 */

/** The typed address, never the password or the code. */
const emailValue = (form: FormData) => ({ email: String(form.get("email") ?? "").slice(0, 254) });

const SIGN_IN_REFUSALS = {
  locked: "Too many failed attempts. This account is locked for 15 minutes.",
  invalid_credentials: "Incorrect email, password or authentication code.",
  password_expired: "This password has expired: it was set from the command line and not changed within 24 hours. Ask for it to be reset (npm run staff -- add <email>).",
  passkey_missing:
    "This console requires a passkey to sign in, and this account has none. An operator with access to the server's configuration can set OPERATOR_REQUIRE_PASSKEY=false while you add one (Passkeys, in the console).",
} as const;

export const staffSignInAction = consolePublicAction(async (meta, _prev: FormState, form: FormData): Promise<FormState> => {
  const email = String(form.get("email") ?? "");
  const passkey = String(form.get("passkey") ?? "");
  const second = passkey ? { passkey, challenge: (await cookies()).get(cookieNames().webauthn)?.value } : String(form.get("code") ?? "");
  if (passkey) (await cookies()).delete(cookieNames().webauthn);
  const result = await authenticateStaff(email, String(form.get("password") ?? ""), second, meta);
  if (!result.ok) {
    const error = SIGN_IN_REFUSALS[result.reason];
    return { error, values: emailValue(form) };
  }
  const session = await staffCookie();
  session.staffId = result.staff.id;
  session.epoch = result.epoch;
  session.issuedAt = Date.now();
  await session.save();
  redirect(consolePath());
}, { values: emailValue });

export const staffSignOutAction = staffAction(async (ctx) => {
  await signOutStaff(ctx);
  (await staffCookie()).destroy();
  redirect(consolePath("/sign-in"));
}, { allowedWhilePasswordMustChange: "signing out must always work" });

const reasonOf = (form: FormData) => String(form.get("reason") ?? "").slice(0, 2000);

/** A refusal of a reasoned action gives the typed reason back. */
const reasonValues = (form: FormData) => ({ reason: reasonOf(form) });

export const suspendWorkspaceAction = staffAction(
  async (ctx, workspaceId: string, _prev: FormState, form: FormData): Promise<FormState> => {
    await suspendWorkspace(ctx, workspaceId, reasonOf(form));
    return { ok: true, message: "Workspace suspended. Its owners were emailed the reason." };
  },
  { values: reasonValues },
);

export const unsuspendWorkspaceAction = staffAction(async (ctx, workspaceId: string, _prev: FormState): Promise<FormState> => {
  await unsuspendWorkspace(ctx, workspaceId);
  return { ok: true, message: "Suspension lifted." };
});

export const clearLockoutAction = staffAction(async (ctx, _prev: FormState, form: FormData): Promise<FormState> => {
  const hash = form.get("emailHash");
  if (typeof hash === "string" && hash) {
    return (await clearLockoutByHash(ctx, hash)) ? { ok: true, message: "Lockout cleared." } : { error: "That lockout has already ended." };
  }
  const email = String(form.get("email") ?? "").slice(0, 254);
  const cleared = await clearLockoutByEmail(ctx, email);
  if (cleared === null) return { error: "Enter a valid email address.", fieldErrors: { email: "Enter a valid email address." }, values: { email } };
  return cleared ? { ok: true, message: "Lockout cleared: the member can sign in again." } : { error: "No sign-in failures are recorded for that address.", values: { email } };
});

export const reactivateCancelledAction = staffAction(
  async (ctx, workspaceId: string, _prev: FormState, form: FormData): Promise<FormState> => {
    await reactivateCancelledWorkspace(ctx, workspaceId, reasonOf(form));
    return { ok: true, message: "Workspace reactivated: its deletion is cancelled. Its owners were emailed." };
  },
  { values: reasonValues },
);
