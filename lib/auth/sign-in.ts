import { db } from "../db/client";
import { normaliseEmail } from "./email-address";
import { AuthError, SecondFactorRequired } from "./errors";
import { hasSecondFactor } from "./mfa/factors";
import { openPendingSignIn } from "./mfa/pending";
import { acceptCode, announceRecoveryCodeUse, codeKind, verifySecondFactor } from "./mfa/second-factor";
import { verifyAgainstDummy, verifyPassword } from "./passwords";
import { createSession, type ClientInfo } from "./sessions";
import { recordUserAudit } from "./user-events";
import type { KnownDevice } from "./device-cookie";
import { countIpFailure, guardedCheck, refuseOverLongPassword } from "./verify-password";

export interface SignedIn {
  user: { id: string; email: string; name: string };
  sessionId: string;
  token: string;
  expiresAt: Date;
}

export type SignInClient = ClientInfo & { requestId?: string | null; device?: KnownDevice | null };

/** How a sign-in was proven, as its audit entry says. */
export type SignInMethod = "password" | "password+totp" | "password+recovery_code" | "password+passkey" | "passkey";

/**
 * Checks credentials and opens a session. Unknown emails and wrong passwords fail the same
 * way and take the same time (one argon2 verification each), and count towards the same
 * per-email lockout, so nothing here tells whether an account exists. The password check is
 * guardedCheck, the shell of verifyUserPassword that step-up and change password use.
 *
 * An account with a second factor (SPEC §1) needs `otp` too — a TOTP code or an unused
 * recovery code, checked like a password — or it gets no session: SecondFactorRequired
 * (`mfa_required`) says the password was right, and the caller hands the browser the
 * pending note for the second step (authenticateSecondStep). Whether an account has a
 * factor is looked up only after its password proved right, so it tells a guesser nothing.
 */
export async function authenticate(
  emailInput: string,
  password: string,
  client: SignInClient,
  now = new Date(),
  otp?: string,
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
  // One attempt for both factors when `otp` comes along: a wrong code fails it as a wrong
  // password would (invalid_otp), and the account row is read once for both.
  let factorFollows = false;
  let passed: "totp" | "recovery_code" | null = null;
  const meta = { ...client, via: "sign_in" as const };
  refuseOverLongPassword(password);
  await guardedCheck(
    user ?? { id: null, email },
    meta,
    {
      factor: () => (factorFollows ? codeKind(otp ?? "") : "password"),
      wrong: () => (factorFollows ? "invalid_otp" : "invalid_credentials"),
      verify: async (account) => {
        if (!(account ? await verifyPassword(account.passwordHash, password) : await verifyAgainstDummy(password))) return false;
        factorFollows = user ? await hasSecondFactor(user.id, account) : false;
        if (!factorFollows || !otp) return true;
        passed = await acceptCode(user!.id, otp, now, account);
        return passed !== null;
      },
      // A right password of an enrolled account, without its code, ends no count of failures.
      clearsFailures: async () => !factorFollows || passed !== null,
    },
    now,
  );
  if (!user) throw new AuthError("invalid_credentials"); // unreachable: an unknown email never verifies
  if (!factorFollows) return openSignedInSession(user, client, "password", now);
  if (!passed) throw new SecondFactorRequired(user.id);
  if (passed === "recovery_code") await announceRecoveryCodeUse(user, meta);
  return openSignedInSession(user, client, `password+${passed}`, now);
}

/**
 * The second step of a sign-in whose password was right: the browser's pending note
 * (lib/auth/mfa/pending.ts, ≤ 5 minutes, this browser) and a code. A stale or foreign note is
 * `second_step_expired`; a wrong code counts toward the lockout and throttles like a password.
 */
export async function authenticateSecondStep(pending: string | null | undefined, otp: string, client: SignInClient, now = new Date()): Promise<SignedIn> {
  const userId = await openPendingSignIn(pending, client, now);
  const user = userId ? await db().user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true } }) : null;
  if (!user) {
    await countIpFailure(client);
    throw new AuthError("second_step_expired");
  }
  const factor = await verifySecondFactor(user, otp ?? "", { ...client, via: "sign_in" }, now);
  return openSignedInSession(user, client, `password+${factor}`, now);
}

/** The session of a sign-in whose every factor was proven: its row, lastSignInAt, and the audit entry naming how. */
export async function openSignedInSession(
  user: { id: string; email: string; name: string },
  client: SignInClient,
  method: SignInMethod,
  now = new Date(),
): Promise<SignedIn> {
  const session = await createSession(user.id, client, now);
  await db().user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
  await recordUserAudit(
    user,
    "user.signed_in",
    { ip: client.ip, userAgent: client.userAgent, requestId: client.requestId },
    { type: "session", id: session.sessionId },
    method === "password" ? null : { method },
  );
  return { user: { id: user.id, email: user.email, name: user.name }, ...session };
}
