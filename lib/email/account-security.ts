import { config } from "../config";

/**
 * Notices of changes to how an account signs in (a factor added or removed, a recovery code
 * used, factors reset by staff): sent to the user every time, so a change they did not make
 * is news to them at once.
 */
export function accountSecurityEmail(to: string, subject: string, happened: string) {
  return {
    to,
    subject,
    text: [
      happened,
      "",
      `Review your sign-in methods and sessions at ${config().APP_URL}/account`,
      "If this was not you, reset your password now and sign out your other sessions there.",
    ].join("\n"),
  };
}
