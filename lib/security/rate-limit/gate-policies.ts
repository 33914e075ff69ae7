import { isWithin } from "../routed-path";
import type { PolicyName } from "./policies";

/** next-auth's credentials sign-in (SPEC §1). */
export const CREDENTIALS_CALLBACK = "/api/auth/callback/credentials";

/** The passkey sign-in's options (a challenge per call): an authentication endpoint outside /api/auth. */
export const PASSKEY_SIGN_IN_OPTIONS = "/api/passkeys/sign-in-options";

/**
 * Policies the gate checks without counting: sign-in failures are counted by
 * verifyUserPassword once a password is wrong (a right one counts nothing), and the gate
 * answers 429 from the next credentials POST on, before next-auth reads the body. `auth`
 * still counts every credentials POST (the coarse cap).
 */
export const GATE_CHECK_ONLY: readonly PolicyName[] = ["signIn"];

/**
 * The per-IP policies the gate (proxy.ts) counts a request against, by method and routed
 * path (lib/security/routed-path.ts: never the path as sent). Only what a URL names is
 * limited here; what a server action does is limited by the action's entry wrapper
 * (lib/entry: publicAction, consolePublicAction), because an action runs wherever it is
 * posted (Next finds it by the Next-Action header, or a form field, not by the URL).
 *
 * next-auth reads two segments after /api/auth, its action and provider, and ignores the
 * rest: /api/auth/callback/credentials/anything is a credentials sign-in too.
 */
export function gatePolicies(method: string, path: string): PolicyName[] {
  const names: PolicyName[] = [];
  if (isWithin(path, "/api")) names.push("api");
  if (method === "POST") {
    if (isWithin(path, "/api/auth") || isWithin(path, PASSKEY_SIGN_IN_OPTIONS)) names.push("auth");
    if (isWithin(path, CREDENTIALS_CALLBACK)) names.push("signIn");
  }
  return names;
}
