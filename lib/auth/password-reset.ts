import { createHash, randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { answerAtDeadline } from "./equal-time";
import { AppError } from "../core/errors";
import { recordSecurityEvent } from "../audit/security-events";
import { db } from "../db/client";
import { sendEmail } from "../email/send";
import { passwordResetEmail } from "../email/templates";
import { checkRateLimit } from "../security/rate-limit/limiter";
import { emailKey, normaliseEmail } from "./email-address";
import { hashPassword, newPasswordProblem } from "./passwords";
import { passwordContextOf } from "./password-context-of";
import { revokeOtherSessions, type ClientInfo } from "./sessions";
import { recordUserAudit } from "./user-events";

/** SPEC §1: ≥128-bit random token, stored only as a hash, single use, 30 minutes. */
export const RESET_TOKEN_TTL_MS = 30 * 60_000;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

type Meta = ClientInfo & { requestId?: string | null };

/**
 * How long the address-dependent part of a reset request takes, whatever the address
 * (SPEC §1, issue 16 item 4). Well above the known path's work (a token row, the outbox email
 * and the audit rows: ~20 ms here, a few round trips on a real server).
 */
export const RESET_ANSWER_MS = 150;


/**
 * Starts a reset. Answers the same for known and unknown addresses; the only difference is
 * whether an email is sent. Limited to 3 requests per address per hour (known or not).
 * Returns false when the address is over that limit.
 */
export async function requestPasswordReset(emailInput: string, meta: Meta, now = new Date()): Promise<boolean> {
  const email = normaliseEmail(emailInput);
  const limit = await checkRateLimit("passwordReset", emailKey(email));
  if (!limit.success) {
    await recordSecurityEvent({ type: "password_reset_blocked", ip: meta.ip, details: { email_hash: emailKey(email) } });
    return false;
  }
  // From here on the work depends on whether the address has an account; both answer at the
  // same moment (answerAtDeadline, lib/auth/equal-time.ts).
  const startedAt = performance.now();
  const work = (async () => {
    const user = await db().user.findUnique({ where: { email }, select: { id: true, email: true } });
    if (!user) return true;
    const token = randomBytes(32).toString("base64url");
    await db().passwordResetToken.create({
      data: { userId: user.id, tokenHash: hashToken(token), createdAt: now, expiresAt: new Date(now.getTime() + RESET_TOKEN_TTL_MS) },
    });
    await sendEmail(passwordResetEmail(user.email, token));
    await recordUserAudit(user, "user.password_reset_requested", meta);
    return true;
  })();
  return answerAtDeadline(startedAt, RESET_ANSWER_MS, "password_reset_request", work);
}

/** The user a reset token still works for, or null (unknown, used, expired, or superseded). */
export async function validResetToken(token: string, now = new Date()) {
  if (!token || token.length > 128) return null;
  const row = await db().passwordResetToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, usedAt: true, expiresAt: true, createdAt: true, user: { select: { id: true, email: true, passwordChangedAt: true } } },
  });
  if (!row || row.usedAt || row.expiresAt <= now) return null;
  // A token dies when the password changes after it was issued.
  if (row.createdAt < row.user.passwordChangedAt) return null;
  return row;
}

/** Sets a new password with a reset token, spends the token and signs out every session. */
export async function resetPassword(token: string, newPassword: string, meta: Meta, now = new Date()): Promise<void> {
  const row = await validResetToken(token, now);
  if (!row) throw new AppError("VALIDATION_FAILED", "This reset link is invalid or has expired. Ask for a new one.");
  const problem = await newPasswordProblem(newPassword, await passwordContextOf(row.user.id));
  if (problem) throw new AppError("VALIDATION_FAILED", problem, { details: [{ field: "password", issue: problem }] });
  const passwordHash = await hashPassword(newPassword);
  const spent = await db().passwordResetToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
  if (spent.count !== 1) throw new AppError("VALIDATION_FAILED", "This reset link has already been used.");
  await db().user.update({ where: { id: row.user.id }, data: { passwordHash, passwordChangedAt: now } });
  await db().passwordResetToken.updateMany({ where: { userId: row.user.id, usedAt: null }, data: { usedAt: now } });
  await revokeOtherSessions(row.user.id, null, "password_reset", now);
  await recordUserAudit(row.user, "user.password_reset", meta);
}
