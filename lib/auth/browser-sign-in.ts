import { db } from "../db/client";
import { cookieNames, cookieOptions } from "./cookies";
import { deviceCookieAfterSignIn, readDeviceCookie } from "./device-cookie";
import { createSession, revokeSessionOfToken, type ClientInfo } from "./sessions";
import { themeCookieFor } from "./theme-preference";
import { recordUserAudit } from "./user-events";

export interface CookieToSet {
  name: string;
  value: string;
  options: ReturnType<typeof cookieOptions>;
}

/**
 * Signs a browser in without the credentials form (SPEC §1: a verified sign-up, an accepted
 * invitation): the same session as next-auth's sign-in makes — a session row through
 * createSession (its verified-address rule and per-user limit), the RS256 token as
 * next-auth's session cookie (its jwt.decode reads our token as is), the device cookie of
 * decision 026 — and, as there, the session the browser presented ends (decision 030).
 * Returns the cookies for the action to set; `presented` are the browser's current values.
 */
export async function signInBrowser(
  user: { id: string; email: string },
  meta: ClientInfo & { requestId?: string | null },
  presented: { session?: string; device?: string },
  via: "email_verification" | "invitation",
  now = new Date(),
): Promise<{ sessionId: string; cookies: CookieToSet[] }> {
  await revokeSessionOfToken(presented.session, now);
  const session = await createSession(user.id, meta, now);
  await db().user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
  await recordUserAudit(user, "user.signed_in", meta, { type: "session", id: session.sessionId }, { via });
  const maxAge = Math.floor((session.expiresAt.getTime() - now.getTime()) / 1000);
  const device = await deviceCookieAfterSignIn(await readDeviceCookie(presented.device), user.id);
  const theme = await themeCookieFor(user.id);
  return {
    sessionId: session.sessionId,
    cookies: [{ name: cookieNames().session, value: session.token, options: cookieOptions(maxAge) }, device, ...(theme ? [theme] : [])],
  };
}
