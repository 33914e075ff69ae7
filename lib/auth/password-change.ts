import { AppError } from "../core/errors";
import { db } from "../db/client";
import { hashPassword, newPasswordProblem, verifyPassword } from "./passwords";
import { passwordContextOf } from "./password-context-of";
import { revokeOtherSessions, type ActiveSession, type ClientInfo } from "./sessions";
import { recordUserAudit } from "./user-events";
import { verifyUserPassword } from "./verify-password";

/**
 * Changes the signed-in user's password. The current password goes through
 * verifyUserPassword (throttles, lockout, events, revocation of this session after repeated
 * failures), whose refusals are thrown as AuthError. Every other session of the user is
 * revoked and every outstanding reset link dies; the current session stays signed in.
 */
export async function changePassword(
  session: ActiveSession,
  currentPassword: string,
  newPassword: string,
  meta: ClientInfo & { requestId?: string | null },
  now = new Date(),
): Promise<{ revokedSessions: number }> {
  await verifyUserPassword(session.user, currentPassword, { ...meta, via: "password_change", sessionId: session.sessionId }, now);
  const user = await db().user.findUniqueOrThrow({ where: { id: session.user.id }, select: { passwordHash: true, email: true } });
  const problem = await newPasswordProblem(newPassword, await passwordContextOf(session.user.id));
  if (problem) throw new AppError("VALIDATION_FAILED", problem, { details: [{ field: "newPassword", issue: problem }] });
  if (await verifyPassword(user.passwordHash, newPassword)) {
    throw new AppError("VALIDATION_FAILED", "Choose a password different from the current one.", {
      details: [{ field: "newPassword", issue: "unchanged" }],
    });
  }
  await db().user.update({ where: { id: session.user.id }, data: { passwordHash: await hashPassword(newPassword), passwordChangedAt: now } });
  await db().passwordResetToken.updateMany({ where: { userId: session.user.id, usedAt: null }, data: { usedAt: now } });
  const revokedSessions = await revokeOtherSessions(session.user.id, session.sessionId, "password_changed", now);
  await recordUserAudit(session.user, "user.password_changed", meta, null, { revoked_sessions: revokedSessions });
  return { revokedSessions };
}
