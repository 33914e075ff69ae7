import { AppError } from "../core/errors";
import { recordSecurityEvent } from "../audit/security-events";
import { emailKey } from "../auth/email-address";
import { lockedUntil, recordLoginFailure } from "../auth/lockout";
import { hashPassword, newPasswordProblem, verifyPassword, PASSWORD_MAX_LENGTH } from "../auth/passwords";
import type { StaffContext } from "./context";
import { staffLockKey } from "./staff-auth";

/**
 * A staff member changes their own password in the console (decision 031): the current one
 * (with the staff sign-in's lockout: a wrong one counts as a failed sign-in), then a new one
 * under the same policy as any password (length, common and context words, breached
 * passwords), different from the current one. It ends a CLI password's must-change state and
 * expiry, and bumps the session epoch, so every other console cookie of this account ends;
 * the caller re-saves this browser's cookie with the returned epoch. Audited in the platform chain.
 */
export async function changeStaffPassword(ctx: StaffContext, current: string, next: string, now = new Date()): Promise<{ epoch: number }> {
  const { staff } = ctx;
  const lockKey = staffLockKey(staff.email);
  if (await lockedUntil(lockKey, now)) throw new AppError("CONFLICT", "Too many failed attempts. This account is locked for 15 minutes.");
  const row = await ctx.data((tx) => tx.staffAccount.findUniqueOrThrow({ where: { id: staff.id }, select: { passwordHash: true } }));
  const right = current.length <= PASSWORD_MAX_LENGTH && (await verifyPassword(row.passwordHash, current));
  if (!right) {
    await recordLoginFailure(lockKey, now);
    await recordSecurityEvent({ type: "staff_sign_in_failed", ip: ctx.meta.ip, details: { email_hash: emailKey(lockKey), factor: "password_change" } });
    throw new AppError("VALIDATION_FAILED", "That is not your current password.", { details: [{ field: "currentPassword", issue: "That is not your current password." }] });
  }
  const problem = (await newPasswordProblem(next, { email: staff.email, name: staff.name })) ?? (next === current ? "Choose a password different from the current one." : null);
  if (problem) throw new AppError("VALIDATION_FAILED", problem, { details: [{ field: "newPassword", issue: problem }] });
  const passwordHash = await hashPassword(next);
  return ctx.data(async (tx) => {
    const updated = await tx.staffAccount.update({
      where: { id: staff.id },
      data: { passwordHash, passwordMustChange: false, passwordExpiresAt: null, sessionEpoch: { increment: 1 } },
      select: { sessionEpoch: true },
    });
    await ctx.audit("staff.password_changed", { type: "staff", id: staff.id, label: staff.email }, { after: { must_change: false } }, { tx });
    return { epoch: updated.sessionEpoch };
  });
}
