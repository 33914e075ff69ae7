import { recordAudit } from "../audit/record";
import type { RequestMeta } from "../audit/context";
import { recordSecurityEvent, recordSecurityEventCoalesced } from "../audit/security-events";
import { emailKey, normaliseEmail } from "../auth/email-address";
import { clearLoginFailures, lockedUntil, recordLoginFailure } from "../auth/lockout";
import { hashPassword, passwordProblem, verifyAgainstDummy, verifyPassword, PASSWORD_MAX_LENGTH } from "../auth/passwords";
import { db } from "../db/client";
import type { Staff } from "./session";

/** Staff lockouts share the members' table under their own key, so neither unlocks the other. */
export const staffLockKey = (email: string) => `staff:${normaliseEmail(email)}`;

export type StaffSignIn = { ok: true; staff: Staff; epoch: number } | { ok: false; reason: "invalid_credentials" | "locked" };

const staffActor = (staff: Staff) => ({ type: "staff" as const, staffId: staff.id, email: staff.email });

/**
 * Staff sign-in (SPEC §11), with the members' rules: one argon2 verification whatever the
 * outcome, the same per-address lockout (5 failures in 15 minutes), and a security event
 * for each failure. Success and failure are both recorded in the platform chain's terms.
 */
export async function authenticateStaff(emailInput: string, password: string, meta: RequestMeta, now = new Date()): Promise<StaffSignIn> {
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
    select: { id: true, email: true, name: true, passwordHash: true, disabledAt: true, sessionEpoch: true },
  });
  const valid = staff ? await verifyPassword(staff.passwordHash, password) : await verifyAgainstDummy(password);
  if (!staff || !valid || staff.disabledAt) {
    const failure = await recordLoginFailure(lockKey, now);
    await recordSecurityEvent({ type: "staff_sign_in_failed", ip: meta.ip, details: { email_hash: emailKey(lockKey) } });
    if (failure.lockedNow) {
      await recordSecurityEvent({
        type: "account_locked",
        ip: meta.ip,
        details: { console: true, email_hash: emailKey(lockKey), locked_until: failure.lockedUntil?.toISOString() },
      });
      return { ok: false, reason: "locked" };
    }
    return { ok: false, reason: "invalid_credentials" };
  }
  await clearLoginFailures(lockKey);
  const signedIn = { id: staff.id, email: staff.email, name: staff.name };
  await db().staffAccount.update({ where: { id: staff.id }, data: { lastSignInAt: now } });
  await recordAudit({ actor: staffActor(signedIn), workspaceId: null, ...meta }, "staff.signed_in", { type: "staff", id: staff.id, label: staff.email });
  return { ok: true, staff: signedIn, epoch: staff.sessionEpoch };
}

/** Sign-out voids every cookie this staff member holds (the epoch moves on). */
export async function signOutStaff(staff: Staff, meta: RequestMeta): Promise<void> {
  await db().staffAccount.update({ where: { id: staff.id }, data: { sessionEpoch: { increment: 1 } } });
  await recordAudit({ actor: staffActor(staff), workspaceId: null, ...meta }, "staff.signed_out", { type: "staff", id: staff.id, label: staff.email });
}

/** Creates (or resets the password of) a staff account: `npm run staff -- add <email>` and the demo seed. */
export async function upsertStaffAccount(input: { email: string; name: string; password: string }): Promise<{ id: string; created: boolean }> {
  const email = normaliseEmail(input.email);
  const problem = passwordProblem(input.password, { email, name: input.name });
  if (problem) throw new Error(`Staff password refused: ${problem}`);
  const passwordHash = await hashPassword(input.password);
  const existing = await db().staffAccount.findUnique({ where: { email }, select: { id: true } });
  if (existing) {
    // A reset also signs the account out everywhere.
    await db().staffAccount.update({ where: { id: existing.id }, data: { passwordHash, name: input.name, disabledAt: null, sessionEpoch: { increment: 1 } } });
    return { id: existing.id, created: false };
  }
  const created = await db().staffAccount.create({ data: { email, name: input.name, passwordHash }, select: { id: true } });
  return { id: created.id, created: true };
}

export { staffActor };
