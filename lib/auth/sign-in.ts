import { db } from "../db/client";
import { normaliseEmail } from "./email-address";
import { AuthError } from "./errors";
import { verifyAgainstDummy } from "./passwords";
import { createSession, type ClientInfo } from "./sessions";
import { recordUserAudit } from "./user-events";
import type { KnownDevice } from "./device-cookie";
import { countIpFailure, refuseOverLongPassword, verifyUserPassword } from "./verify-password";

export interface SignedIn {
  user: { id: string; email: string; name: string };
  sessionId: string;
  token: string;
  expiresAt: Date;
}

/**
 * Checks credentials and opens a session. Unknown emails and wrong passwords fail the same
 * way and take the same time (one argon2 verification each), and count towards the same
 * per-email lockout, so nothing here tells whether an account exists. The password check is
 * verifyUserPassword, the same one step-up and change password use.
 */
export async function authenticate(
  emailInput: string,
  password: string,
  client: ClientInfo & { requestId?: string | null; device?: KnownDevice | null },
  now = new Date(),
): Promise<SignedIn> {
  // Before the email checks below, so an over-long password is named as such whatever the email.
  refuseOverLongPassword(password ?? "");
  const email = normaliseEmail(emailInput ?? "");
  if (!email || !password || email.length > 254) {
    await verifyAgainstDummy(password ?? "");
    await countIpFailure(client);
    throw new AuthError("invalid_credentials");
  }
  const user = await db().user.findUnique({ where: { email }, select: { id: true, email: true, name: true } });
  await verifyUserPassword(user ?? { id: null, email }, password, { ...client, via: "sign_in" }, now);
  if (!user) throw new AuthError("invalid_credentials"); // unreachable: an unknown email never verifies
  const session = await createSession(user.id, client, now);
  await db().user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
  await recordUserAudit(user, "user.signed_in", { ip: client.ip, userAgent: client.userAgent, requestId: client.requestId }, {
    type: "session",
    id: session.sessionId,
  });
  return { user: { id: user.id, email: user.email, name: user.name }, ...session };
}
