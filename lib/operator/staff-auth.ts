import { randomUUID } from "node:crypto";
import { recordAudit } from "../audit/record";
import type { RequestMeta } from "../audit/context";
import { recordSecurityEvent, recordSecurityEventCoalesced } from "../audit/security-events";
import { emailKey, normaliseEmail } from "../auth/email-address";
import { clearLoginFailures, lockedUntil, recordLoginFailure } from "../auth/lockout";
import { hashPassword, newPasswordProblem, verifyAgainstDummy, verifyPassword, PASSWORD_MAX_LENGTH } from "../auth/passwords";
import type { Actor } from "../audit/context";
import { config } from "../config";
import { db } from "../db/client";
import type { StaffContext } from "./context";
import type { Staff } from "./session";
import { staffHasPasskey, staffPasskeyPasses, type StaffSecondFactor } from "./staff-passkeys";
import { acceptedStep, newTotp, type NewTotp } from "./totp";

/** Staff lockouts share the members' table under their own key, so neither unlocks the other. */
export const staffLockKey = (email: string) => `staff:${normaliseEmail(email)}`;

export type StaffSignIn = { ok: true; staff: Staff; epoch: number } | { ok: false; reason: "invalid_credentials" | "locked" | "password_expired" | "passkey_missing" };

/** A password set by the CLI must be changed within this long, or it no longer signs in (ASVS V6.4.1, decision 031). */
export const TEMPORARY_PASSWORD_TTL_MS = 24 * 3_600_000;

const staffActor = (staff: Staff): Extract<Actor, { type: "staff" }> => ({ type: "staff", staffId: staff.id, email: staff.email });

/**
 * Staff sign-in (SPEC §11, decision 019): password and a TOTP code (or a passkey; only a
 * passkey with OPERATOR_REQUIRE_PASSKEY, decision 029), with the members' rules:
 * one argon2 verification whatever the outcome, the same per-address lockout (5 failures in
 * 15 minutes, a wrong code counting like a wrong password), and a security event for each
 * failure. The answer never says which factor was wrong. A success is audited in the
 * platform chain.
 */
export async function authenticateStaff(emailInput: string, password: string, second: StaffSecondFactor, meta: RequestMeta, now = new Date()): Promise<StaffSignIn> {
  const email = normaliseEmail(emailInput ?? "");
  if (!email || !password || email.length > 254 || password.length > PASSWORD_MAX_LENGTH) {
    await verifyAgainstDummy(password ?? "");
    return { ok: false, reason: "invalid_credentials" };
  }
  const lockKey = staffLockKey(email);
  if (await lockedUntil(lockKey, now)) {
    await recordSecurityEventCoalesced(`staff-locked:${emailKey(lockKey)}:${meta.ip}`, {
      type: "sign_in_blocked_locked",
      ip: meta.ip,
      details: { console: true, email_hash: emailKey(lockKey) },
    });
    return { ok: false, reason: "locked" };
  }
  const staff = await db().staffAccount.findUnique({
    where: { email },
    select: {
      id: true, email: true, name: true, passwordHash: true, disabledAt: true, sessionEpoch: true, totpSecretWrapped: true, totpLastStep: true,
      passwordMustChange: true, passwordExpiresAt: true,
    },
  });
  const valid = staff ? await verifyPassword(staff.passwordHash, password) : await verifyAgainstDummy(password);
  const outcome = staff && valid && !staff.disabledAt ? await secondFactorOutcome(staff, second, meta, now) : null;
  const claimed = outcome === "passed";
  if (!staff || !valid || staff.disabledAt || !claimed) {
    const failure = await recordLoginFailure(lockKey, now);
    const factor = !staff || !valid ? "password" : staff.disabledAt ? "disabled" : (outcome ?? "code");
    await recordSecurityEvent({ type: "staff_sign_in_failed", ip: meta.ip, details: { email_hash: emailKey(lockKey), factor } });
    if (failure.lockedNow) {
      await recordSecurityEvent({
        type: "account_locked",
        ip: meta.ip,
        details: { console: true, email_hash: emailKey(lockKey), locked_until: failure.lockedUntil?.toISOString() },
      });
      return { ok: false, reason: "locked" };
    }
    return { ok: false, reason: outcome === "passkey_missing" ? "passkey_missing" : "invalid_credentials" };
  }
  await clearLoginFailures(lockKey);
  // Both factors were right, so only the operator learns this: a CLI password left unchanged for 24 hours is dead.
  if (staff.passwordMustChange && staff.passwordExpiresAt && staff.passwordExpiresAt <= now) {
    await recordSecurityEvent({ type: "staff_sign_in_failed", ip: meta.ip, details: { email_hash: emailKey(lockKey), factor: "password_expired" } });
    return { ok: false, reason: "password_expired" };
  }
  const signedIn = { id: staff.id, email: staff.email, name: staff.name };
  // One session per operator (STAFF_SINGLE_SESSION, decision 030): this sign-in voids every earlier cookie.
  const epoch = config().STAFF_SINGLE_SESSION
    ? (await db().staffAccount.update({ where: { id: staff.id }, data: { sessionEpoch: { increment: 1 } }, select: { sessionEpoch: true } })).sessionEpoch
    : staff.sessionEpoch;
  await recordAudit({ actor: staffActor(signedIn), workspaceId: null, ...meta }, "staff.signed_in", { type: "staff", id: staff.id, label: staff.email }, { single_session: config().STAFF_SINGLE_SESSION });
  return { ok: true, staff: signedIn, epoch };
}

/**
 * The second factor of a right password: a TOTP code (its step claimed atomically: two
 * requests with one code cannot both pass), or a passkey. With OPERATOR_REQUIRE_PASSKEY only
 * a passkey passes, and an account without one is told so (after its right password).
 */
async function secondFactorOutcome(
  staff: { id: string; email: string; totpSecretWrapped: string | null; totpLastStep: bigint | null },
  second: StaffSecondFactor,
  meta: RequestMeta,
  now: Date,
): Promise<"passed" | "code" | "passkey" | "passkey_missing"> {
  if (typeof second !== "string") {
    if (!(await staffPasskeyPasses(staff.id, second, meta.ip, now))) return "passkey";
    await db().staffAccount.update({ where: { id: staff.id }, data: { lastSignInAt: now } });
    return "passed";
  }
  if (config().OPERATOR_REQUIRE_PASSKEY) return (await staffHasPasskey(staff.id)) ? "passkey" : "passkey_missing";
  const step = await acceptedStep(staff, second ?? "", now.getTime());
  if (step === null) return "code";
  const { count } = await db().staffAccount.updateMany({
    where: { id: staff.id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step, lastSignInAt: now },
  });
  return count === 1 ? "passed" : "code";
}

/** Sign-out voids every cookie this staff member holds (the epoch moves on). */
export async function signOutStaff(ctx: StaffContext): Promise<void> {
  const { staff } = ctx;
  await ctx.data(async (tx) => {
    await tx.staffAccount.update({ where: { id: staff.id }, data: { sessionEpoch: { increment: 1 } } });
    await ctx.audit("staff.signed_out", { type: "staff", id: staff.id, label: staff.email }, null, { tx });
  });
}

/**
 * Creates a staff account, or resets one (`npm run staff -- add <email>`, the demo seed):
 * a password and a new TOTP secret, returned once to be shown once. A reset signs the
 * account out everywhere. `temporary` (the CLI): the password must be changed at first
 * sign-in and stops working after 24 hours unchanged (decision 031).
 */
export async function upsertStaffAccount(
  input: { email: string; name: string; password: string; totpSecret?: string },
  options: { temporary?: boolean } = {},
  now = new Date(),
): Promise<{ id: string; created: boolean; totp: NewTotp }> {
  const email = normaliseEmail(input.email);
  const problem = await newPasswordProblem(input.password, { email, name: input.name });
  if (problem) throw new Error(`Staff password refused: ${problem}`);
  const passwordHash = await hashPassword(input.password);
  const existing = await db().staffAccount.findUnique({ where: { email }, select: { id: true } });
  const id = existing?.id ?? randomUUID();
  const totp = await newTotp(id, email, input.totpSecret);
  const secrets = {
    passwordHash,
    name: input.name,
    totpSecretWrapped: totp.wrapped,
    totpLastStep: null,
    passwordMustChange: options.temporary === true,
    passwordExpiresAt: options.temporary ? new Date(now.getTime() + TEMPORARY_PASSWORD_TTL_MS) : null,
  };
  if (existing) {
    await db().staffAccount.update({ where: { id }, data: { ...secrets, disabledAt: null, sessionEpoch: { increment: 1 } } });
  } else {
    await db().staffAccount.create({ data: { id, email, ...secrets } });
  }
  return { id, created: !existing, totp };
}

export { staffActor };
