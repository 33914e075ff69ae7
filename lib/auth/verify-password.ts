import { recordSecurityEvent, recordSecurityEventCoalesced, requestFieldsOf, type SecurityEventType } from "../audit/security-events";
import { db } from "../db/client";
import { checkRateLimit, peekRateLimit, rateLimitHeaders } from "../security/rate-limit/limiter";
import { isKnownDevice, type KnownDevice } from "./device-cookie";
import { emailKey } from "./email-address";
import { AuthError } from "./errors";
import { clearLoginFailures, returnLoginAttempt, takeLoginAttempt } from "./lockout";
import { PASSWORD_MAX_LENGTH, verifyAgainstDummy, verifyPassword } from "./passwords";
import { revokeSession, type ClientInfo } from "./sessions";
import { recordUserAudit } from "./user-events";

/**
 * Wrong passwords a session may enter (step-up, change password) before it is revoked: a
 * stolen session must not become a password oracle. Counted over the session's lifetime.
 */
export const SESSION_PASSWORD_FAILURE_LIMIT = 5;

/** `revokedReason` of a session ended by SESSION_PASSWORD_FAILURE_LIMIT. */
export const PASSWORD_FAILURES_REASON = "password_failures";

/** Where the password is typed. Behind a session the check names the session it runs in. */
export type PasswordCheck = { via: "sign_in" } | { via: "step_up" | "password_change"; sessionId: string };

/**
 * `device`: the browser's device cookie (lib/auth/device-cookie.ts), when the caller read one;
 * a browser that has signed in to the account meets its own lock, not the account's.
 */
export type PasswordCheckMeta = ClientInfo & { requestId?: string | null; device?: KnownDevice | null } & PasswordCheck;

/** The account whose password is checked; sign-in passes `id: null` for an unknown email. */
export interface PasswordOwner {
  id: string | null;
  email: string;
}

const ACCOUNT_FIELDS = { passwordHash: true, passwordChangedAt: true, totpSecretWrapped: true, totpLastStep: true, totpEnabledAt: true } as const;

/** What a guarded check verifies: the password, or a second factor (SPEC §1). */
export type CheckedFactor = "password" | "totp" | "recovery_code" | "passkey";

/** The account row a check reads (null for an unknown email): the password, and the TOTP state for a code. */
export interface CheckedAccount {
  passwordHash: string;
  passwordChangedAt: Date;
  totpSecretWrapped: string | null;
  totpLastStep: bigint | null;
  totpEnabledAt: Date | null;
}

type WrongAnswer = "invalid_credentials" | "invalid_otp" | "passkey_failed";

export interface GuardedCheck {
  /** What was checked, as events name it (read after `verify`: a sign-in's code is known only then). */
  factor: CheckedFactor | (() => CheckedFactor);
  /** True when right. Called once, after the attempt was taken; `account` is null for an unknown email. */
  verify: (account: CheckedAccount | null) => Promise<boolean>;
  /** The refusal of a wrong answer (read after `verify`). */
  wrong: WrongAnswer | (() => WrongAnswer);
  /** More for the failure's security event, read after `verify` (a passkey's refusal reason). */
  failureDetails?: () => Record<string, unknown>;
  /**
   * Whether a right answer clears the account's failures. A right password of an account with
   * a second factor does not: the factor still has to be passed, and a known password must not
   * buy its holder fresh guesses at the code.
   */
  clearsFailures?: () => Promise<boolean>;
}

/**
 * The one password check of the product: sign-in, step-up and change password all call it
 * (decision 025), so every guess meets the same defences whatever form it is typed into —
 * guardedCheck's, which second-factor checks share (decision 028). `clearsFailures` as in
 * GuardedCheck.
 */
export async function verifyUserPassword(
  user: PasswordOwner,
  input: string,
  meta: PasswordCheckMeta,
  now = new Date(),
  options: { clearsFailures?: () => Promise<boolean> } = {},
): Promise<void> {
  refuseOverLongPassword(input);
  await guardedCheck(
    user,
    meta,
    {
      factor: "password",
      wrong: "invalid_credentials",
      verify: (account) => (account ? verifyPassword(account.passwordHash, input) : verifyAgainstDummy(input)),
      clearsFailures: options.clearsFailures,
    },
    now,
  );
}

/**
 * The defences every credential check meets, whatever is checked and wherever it is typed:
 *
 * - the per-IP limit on failures (`signIn` policy): a wrong answer counts one, a right one
 *   nothing; the gate checks it for credentials POSTs, this function behind a session, as
 *   no gate does on those pages;
 * - the per-email lockout (5 failures in 15 minutes), taken before the answer is checked
 *   so parallel guesses are counted too; a browser with the account's device cookie meets
 *   its own lock instead (decision 026), and a password change ends any older lock;
 * - the same work whether the account exists or not, right or wrong;
 * - the security events sign-in records (with `via` and `factor`);
 * - behind a session, SESSION_PASSWORD_FAILURE_LIMIT wrong answers revoke that session.
 *
 * Returns when the answer is right; otherwise throws AuthError (`check.wrong`, `locked`,
 * `rate_limited`, `signed_out_password_failures`, `session_expired`).
 */
export async function guardedCheck(user: PasswordOwner, meta: PasswordCheckMeta, check: GuardedCheck, now = new Date()): Promise<void> {
  const via = meta.via;
  const sessionId = meta.via === "sign_in" ? null : meta.sessionId;
  if (sessionId) {
    await assertSessionOpen(sessionId);
    await assertIpAllowance(meta);
  }

  const row = user.id ? await db().user.findUnique({ where: { id: user.id }, select: ACCOUNT_FIELDS }) : null;
  const device = row && isKnownDevice(meta.device, user.id) ? meta.device.id : null;
  const attempt = await takeLoginAttempt(user.email, now, { device, since: row?.passwordChangedAt ?? null });
  const factorOf = () => (typeof check.factor === "function" ? check.factor() : check.factor);
  if (attempt.lockedUntil) {
    const factor = factorOf();
    await recordSecurityEventCoalesced(`locked:${emailKey(user.email)}:${meta.ip}`, {
      type: "sign_in_blocked_locked",
      ...requestFieldsOf(meta),
      userId: user.id,
      details: { email_hash: emailKey(user.email), via, factor, known_device: device !== null },
    });
    await countIpFailure(meta);
    throw new AuthError("locked");
  }

  if (await check.verify(row)) {
    if (!check.clearsFailures || (await check.clearsFailures())) await clearLoginFailures(user.email, { device });
    else await returnLoginAttempt(user.email, { device }, attempt);
    return;
  }
  await countIpFailure(meta);
  const factor = factorOf();

  const failedType: SecurityEventType = sessionId ? "step_up_failed" : "sign_in_failed";
  await recordSecurityEvent({
    type: failedType,
    ...requestFieldsOf(meta),
    userId: user.id,
    details: { email_hash: emailKey(user.email), via, factor, ...check.failureDetails?.(), ...(sessionId ? { session_id: sessionId } : {}) },
  });
  if (attempt.locksIfWrong) {
    await recordSecurityEvent({
      type: "account_locked",
      ...requestFieldsOf(meta),
      userId: user.id,
      details: { email_hash: emailKey(user.email), via, factor, known_device: device !== null, locked_until: attempt.locksIfWrong.toISOString() },
    });
  }
  if (sessionId && user.id) {
    // Counted after this failure was written, so parallel failures cannot all read a count below the limit.
    const failures = await sessionFailures(user.id, sessionId);
    if (failures >= SESSION_PASSWORD_FAILURE_LIMIT) {
      await signOutAfterFailures({ id: user.id, email: user.email }, sessionId, failures, meta, now);
      throw new AuthError("signed_out_password_failures");
    }
  }
  throw new AuthError(attempt.locksIfWrong ? "locked" : typeof check.wrong === "function" ? check.wrong() : check.wrong);
}

/**
 * No password can be longer than PASSWORD_MAX_LENGTH (sign-up, reset and change refuse it), so
 * longer input is refused as what it is, never cut down to a length that might match.
 */
export function refuseOverLongPassword(input: string): void {
  if (input.length > PASSWORD_MAX_LENGTH) throw new AuthError("password_too_long");
}

/** A check behind a session that is already over (revoked in a parallel request, say) is refused unheard. */
async function assertSessionOpen(sessionId: string): Promise<void> {
  const row = await db().session.findUnique({ where: { id: sessionId }, select: { revokedAt: true, revokedReason: true } });
  if (!row || row.revokedAt) {
    throw new AuthError(row?.revokedReason === PASSWORD_FAILURES_REASON ? "signed_out_password_failures" : "session_expired");
  }
}

/**
 * The per-IP failure allowance, checked without counting, for checks no gate limits (pages
 * behind a session). Sign-in's credentials POSTs are checked by the gate (proxy.ts), which
 * must answer 429 before next-auth reads the body.
 */
export async function assertIpAllowance(meta: PasswordCheckMeta): Promise<void> {
  if (!meta.ip) return;
  const result = await peekRateLimit("signIn", meta.ip);
  if (result.success) return;
  await recordSecurityEventCoalesced(`rl:signIn:${meta.ip}`, {
    type: "rate_limited",
    ...requestFieldsOf(meta),
    details: { policy: "signIn", via: meta.via },
  });
  throw new AuthError("rate_limited", Number(rateLimitHeaders(result)["Retry-After"]));
}

/**
 * One failure against the client IP's allowance (SPEC §1: failed attempts per IP), whatever
 * the form: a right password never gets here. Over the limit already, nothing more to count.
 */
export async function countIpFailure(meta: { ip?: string | null }): Promise<void> {
  if (meta.ip) await checkRateLimit("signIn", meta.ip);
}

/** Wrong passwords entered in this session so far (its step_up_failed events). */
function sessionFailures(userId: string, sessionId: string): Promise<number> {
  return db().securityEvent.count({
    where: { type: "step_up_failed", userId, details: { path: ["session_id"], equals: sessionId } },
  });
}

async function signOutAfterFailures(
  user: { id: string; email: string },
  sessionId: string,
  failures: number,
  meta: PasswordCheckMeta,
  now: Date,
): Promise<void> {
  // One of several parallel failures wins the revocation and records it, once.
  if (!(await revokeSession(user.id, sessionId, PASSWORD_FAILURES_REASON, now))) return;
  // `revoked_session_id`, not `session_id`: this event is not one more failure of the session.
  await recordSecurityEvent({
    type: "step_up_failed",
    ...requestFieldsOf(meta),
    userId: user.id,
    details: { via: meta.via, revoked_session_id: sessionId, session_revoked: true, reason: PASSWORD_FAILURES_REASON, failures },
  });
  await recordUserAudit(
    user,
    "session.revoked",
    { ip: meta.ip, userAgent: meta.userAgent, requestId: meta.requestId },
    { type: "session", id: sessionId },
    { reason: PASSWORD_FAILURES_REASON, failures },
  );
}
