import { db } from "../db/client";
import { recordSecurityEvent, recordSecurityEventCoalesced } from "../audit/security-events";
import { emailKey, normaliseEmail } from "./email-address";
import { AuthError } from "./errors";
import { clearLoginFailures, lockedUntil, recordLoginFailure } from "./lockout";
import { verifyAgainstDummy, verifyPassword, PASSWORD_MAX_LENGTH } from "./passwords";
import { createSession, type ClientInfo } from "./sessions";
import { recordUserAudit } from "./user-events";

export interface SignedIn {
  user: { id: string; email: string; name: string };
  sessionId: string;
  token: string;
  expiresAt: Date;
}

/**
 * Checks credentials and opens a session. Unknown emails and wrong passwords fail the same
 * way and take the same time (one argon2 verification each), and count towards the same
 * per-email lockout, so nothing here tells whether an account exists.
 */
export async function authenticate(
  emailInput: string,
  password: string,
  client: ClientInfo & { requestId?: string | null },
  now = new Date(),
): Promise<SignedIn> {
  const email = normaliseEmail(emailInput ?? "");
  if (!email || !password || email.length > 254 || password.length > PASSWORD_MAX_LENGTH) {
    await verifyAgainstDummy(password ?? "");
    throw new AuthError("invalid_credentials");
  }
  if (await lockedUntil(email, now)) {
    await recordSecurityEventCoalesced(`locked:${emailKey(email)}:${client.ip}`, {
      type: "sign_in_blocked_locked",
      ip: client.ip,
      details: { email_hash: emailKey(email) },
    });
    throw new AuthError("locked");
  }
  const user = await db().user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
  const valid = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
  if (!user || !valid) {
    const failure = await recordLoginFailure(email, now);
    await recordSecurityEvent({
      type: "sign_in_failed",
      ip: client.ip,
      userId: user?.id ?? null,
      details: { email_hash: emailKey(email) },
    });
    if (failure.lockedNow) {
      await recordSecurityEvent({
        type: "account_locked",
        ip: client.ip,
        userId: user?.id ?? null,
        details: { email_hash: emailKey(email), locked_until: failure.lockedUntil?.toISOString() },
      });
      throw new AuthError("locked");
    }
    throw new AuthError("invalid_credentials");
  }
  await clearLoginFailures(email);
  const session = await createSession(user.id, client, now);
  await db().user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
  await recordUserAudit(user, "user.signed_in", { ip: client.ip, userAgent: client.userAgent, requestId: client.requestId }, {
    type: "session",
    id: session.sessionId,
  });
  return { user: { id: user.id, email: user.email, name: user.name }, ...session };
}
