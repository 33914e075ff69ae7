/** Why authentication failed, in words safe to show: none reveals whether an email exists. */
export const AUTH_ERROR_MESSAGES = {
  invalid_credentials: "Incorrect email or password.",
  locked: "Too many failed attempts for this account. Try again in 15 minutes, or reset your password.",
  rate_limited: "Too many sign-in attempts from your network. Try again later.",
  session_expired: "Your session has ended. Sign in again.",
} as const;

export type AuthErrorCode = keyof typeof AUTH_ERROR_MESSAGES;

export class AuthError extends Error {
  constructor(readonly code: AuthErrorCode) {
    super(AUTH_ERROR_MESSAGES[code]);
    this.name = "AuthError";
  }
}

export class StepUpRequired extends Error {
  constructor() {
    super("Confirm your password to continue.");
    this.name = "StepUpRequired";
  }
}
