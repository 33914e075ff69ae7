import { PASSWORD_MAX_LENGTH } from "./passwords";

/** Why authentication failed, in words safe to show: none reveals whether an email exists. */
export const AUTH_ERROR_MESSAGES = {
  invalid_credentials: "Incorrect email or password.",
  locked:
    "Too many failed attempts for this account: it is locked for up to 15 minutes, then unlocks by itself. Resetting your password unlocks it now.",
  rate_limited: "Too many sign-in attempts from your network. Try again later.",
  session_expired: "Your session has ended. Sign in again.",
  password_too_long: `That is longer than any password can be (at most ${PASSWORD_MAX_LENGTH} characters), so it was not checked. Check what you pasted.`,
  email_unverified: "Confirm your email address first: open the link we sent when you signed up (it works for 24 hours), or sign up again to get a new one.",
  signed_out_password_failures: "You were signed out: a wrong password was entered too many times in that session. Sign in again.",
  mfa_required: "Enter the 6-digit code from your authenticator app, or one of your recovery codes.",
  invalid_otp: "That code is not valid. Enter the code your authenticator app shows now, or an unused recovery code.",
  second_step_expired: "Your sign-in took too long or moved to another browser. Enter your email and password again.",
  passkey_failed: "That passkey could not be verified. Try again, or sign in with your password.",
} as const;

export type AuthErrorCode = keyof typeof AUTH_ERROR_MESSAGES;

export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    /** With `rate_limited`: seconds until the limit lets the next attempt through. */
    readonly retryAfterSeconds?: number,
  ) {
    super(AUTH_ERROR_MESSAGES[code]);
    this.name = "AuthError";
  }
}

/** A right password of an account with a second factor: the factor is asked for next (SPEC §1). */
export class SecondFactorRequired extends AuthError {
  constructor(readonly userId: string) {
    super("mfa_required");
  }
}

export class StepUpRequired extends Error {
  constructor() {
    super("Confirm your password to continue.");
    this.name = "StepUpRequired";
  }
}
