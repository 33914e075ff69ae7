import { config } from "../config";

/**
 * Cookie names and flags (SPEC §1). HttpOnly and SameSite=Lax always; Secure and the
 * `__Host-` prefix (no Domain, Path=/) whenever APP_URL is https.
 */
export function cookieNames() {
  const https = config().isHttps;
  const prefix = https ? "__Host-" : "";
  return {
    session: `${prefix}sb.session`,
    stepUp: `${prefix}sb.stepup`,
    csrf: `${prefix}sb.csrf`,
    callbackUrl: `${prefix}sb.callback-url`,
    /** The browser's sealed record of the accounts signed in with it (lib/auth/device-cookie.ts). */
    device: `${prefix}sb.device`,
    /** The first factor's success while the second is asked for (lib/auth/mfa/pending.ts): ≤ 5 minutes. */
    pendingSignIn: `${prefix}sb.mfa`,
    /** The browser that signed up: its pending account, sealed, for 24 hours (lib/auth/sign-up-cookie.ts). */
    signUp: `${prefix}sb.signup`,
    /** A WebAuthn ceremony's challenge, sealed, for 5 minutes (lib/auth/mfa/webauthn-challenge.ts). */
    webauthn: `${prefix}sb.webauthn`,
  };
}

export function cookieOptions(maxAgeSeconds?: number) {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    path: "/",
    secure: config().isHttps,
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
}
