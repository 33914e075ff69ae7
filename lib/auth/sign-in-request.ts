import { cookieValue } from "./cookie-header";
import { cookieNames } from "./cookies";
import { signInWithPasskey } from "./mfa/passkey-sign-in";
import { openPendingSignIn } from "./mfa/pending";
import { authenticate, authenticateSecondStep, type SignedIn, type SignInClient } from "./sign-in";

/** The fields next-auth's credentials callback may carry (SPEC §1). */
export interface SignInFields {
  email?: string;
  password?: string;
  /** A TOTP code or a recovery code: with email and password in one POST, or the second step's. */
  otp?: string;
  /** "second": the second step after a right password (the pending note names the user). */
  step?: string;
  /** A WebAuthn assertion (JSON): signs in alone, or as the second step. */
  passkey?: string;
}

/**
 * Which sign-in a credentials POST is, from its fields and the browser's cookies: a passkey
 * alone; the second step (a code or a passkey, for the user whose password this browser
 * typed); or email and password (with `otp` for an account with a second factor).
 */
export async function signInFromRequest(fields: SignInFields, cookieHeader: string | string[] | undefined, client: SignInClient): Promise<SignedIn> {
  const names = cookieNames();
  const challenge = cookieValue(cookieHeader, names.webauthn) ?? null;
  if (fields.step === "second") {
    const pending = cookieValue(cookieHeader, names.pendingSignIn);
    if (fields.passkey) {
      const expectedUserId = await openPendingSignIn(pending, client);
      if (expectedUserId) return signInWithPasskey(fields.passkey, { ...client, challenge }, { expectedUserId });
    }
    return authenticateSecondStep(pending, fields.otp ?? "", client);
  }
  if (fields.passkey) return signInWithPasskey(fields.passkey, { ...client, challenge });
  return authenticate(fields.email ?? "", fields.password ?? "", client, new Date(), fields.otp || undefined);
}
