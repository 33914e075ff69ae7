import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * next-auth v4's double-submit CSRF cookie, `<token>|sha256(<token><secret>)` — the format
 * of next-auth/core/lib/csrf-token.js, which the package does not export. Issuing it in the
 * gate lets the sign-in page render the token into a plain HTML form, so signing in works
 * without client JavaScript; next-auth itself still checks it on POST. (v4 is in
 * maintenance; the e2e no-JavaScript sign-in test fails if this format ever drifts.)
 */
/** Request header through which the gate hands the token to the page render. */
export const AUTH_CSRF_HEADER = "x-auth-csrf-token";

const hashOf = (token: string, secret: string) => createHash("sha256").update(`${token}${secret}`).digest("hex");

export function authCsrfToken(cookieValue: string | undefined, secret: string): { token: string; cookie?: string } {
  if (cookieValue) {
    const [token, hash] = cookieValue.split("|");
    if (token && hash && hash.length === 64) {
      const expected = hashOf(token, secret);
      if (timingSafeEqual(Buffer.from(hash), Buffer.from(expected))) return { token };
    }
  }
  const token = randomBytes(32).toString("hex");
  return { token, cookie: `${token}|${hashOf(token, secret)}` };
}
