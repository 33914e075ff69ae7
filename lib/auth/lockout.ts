import { createHash } from "node:crypto";
import { db } from "../db/client";
import { emailKey } from "./email-address";

/** SPEC §1: 5 failures for one email within 15 minutes lock it for 15 minutes. */
export const LOCKOUT = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 } as const;

export async function lockedUntil(email: string, now = new Date()): Promise<Date | null> {
  const row = await db().loginThrottle.findUnique({ where: { emailHash: emailKey(email) }, select: { lockedUntil: true } });
  return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
}

/** Counts one failure; returns whether this failure started a lock. */
export async function recordLoginFailure(email: string, now = new Date()): Promise<{ lockedNow: boolean; lockedUntil: Date | null }> {
  const key = emailKey(email);
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`INSERT INTO login_throttles (email_hash, failures, first_failure_at) VALUES (${key}, 0, ${now}) ON CONFLICT (email_hash) DO NOTHING`;
    const [row] = await tx.$queryRaw<{ failures: number; first_failure_at: Date; locked_until: Date | null }[]>`
      SELECT failures, first_failure_at, locked_until FROM login_throttles WHERE email_hash = ${key} FOR UPDATE`;
    // The INSERT … ON CONFLICT DO NOTHING above guarantees the row.
    if (!row) throw new Error("login throttle row missing after upsert");
    const windowOver = now.getTime() - row.first_failure_at.getTime() >= LOCKOUT.windowMs;
    const lockOver = row.locked_until !== null && row.locked_until <= now;
    const fresh = windowOver || lockOver || row.failures === 0;
    const failures = fresh ? 1 : row.failures + 1;
    const lockedNow = failures >= LOCKOUT.maxFailures;
    const until = lockedNow ? new Date(now.getTime() + LOCKOUT.lockMs) : null;
    await tx.loginThrottle.update({
      where: { emailHash: key },
      data: { failures: lockedNow ? 0 : failures, firstFailureAt: fresh ? now : row.first_failure_at, lockedUntil: until },
    });
    return { lockedNow, lockedUntil: until };
  });
}

/**
 * Whose failures an attempt counts against (decision 026): the account's one lock, met by
 * every browser the account was never signed in with, or, for a browser with the account's
 * device cookie, that browser's own lock, which failures from elsewhere never touch.
 * `since` (the user's passwordChangedAt) ends any lock or count older than it: a reset, or
 * any password change, clears the lock.
 */
export interface LockScope {
  device?: string | null;
  since?: Date | null;
}

function throttleKey(email: string, device?: string | null): string {
  const account = emailKey(email);
  // Same width as the account's key (char(64)); the device id stays out of the table in clear.
  return device ? createHash("sha256").update(`${account}:device:${device}`).digest("hex") : account;
}

/**
 * Counts one attempt before its password is checked, in the same locked row update as the
 * lock check, so parallel guesses cannot all pass the check before any failure is written:
 * at most `maxFailures` verifications per window, however many arrive at once. `lockedUntil`
 * is set when the account is locked already (nothing counted, nothing to verify); otherwise
 * `locksIfWrong` is the lock this attempt started, which a right password clears
 * (`clearLoginFailures`) and a wrong one keeps.
 */
export async function takeLoginAttempt(
  email: string,
  now = new Date(),
  scope: LockScope = {},
): Promise<{ lockedUntil: Date; locksIfWrong?: never } | { lockedUntil: null; locksIfWrong: Date | null }> {
  const key = throttleKey(email, scope.device);
  // A change "after" now is a clock that disagrees (or a test's clock): no change to honour.
  const changed = scope.since?.getTime();
  const since = changed !== undefined && changed <= now.getTime() ? changed : Number.NEGATIVE_INFINITY;
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`INSERT INTO login_throttles (email_hash, failures, first_failure_at) VALUES (${key}, 0, ${now}) ON CONFLICT (email_hash) DO NOTHING`;
    const [row] = await tx.$queryRaw<{ failures: number; first_failure_at: Date; locked_until: Date | null }[]>`
      SELECT failures, first_failure_at, locked_until FROM login_throttles WHERE email_hash = ${key} FOR UPDATE`;
    if (!row) throw new Error("login throttle row missing after upsert");
    const lockedBeforeChange = row.locked_until !== null && row.locked_until.getTime() - LOCKOUT.lockMs < since;
    if (row.locked_until !== null && row.locked_until > now && !lockedBeforeChange) return { lockedUntil: row.locked_until };
    const windowOver = now.getTime() - row.first_failure_at.getTime() >= LOCKOUT.windowMs;
    const countedBeforeChange = row.first_failure_at.getTime() < since;
    const fresh = windowOver || countedBeforeChange || row.locked_until !== null || row.failures === 0;
    const failures = fresh ? 1 : row.failures + 1;
    const until = failures >= LOCKOUT.maxFailures ? new Date(now.getTime() + LOCKOUT.lockMs) : null;
    await tx.loginThrottle.update({
      where: { emailHash: key },
      data: { failures: until ? 0 : failures, firstFailureAt: fresh ? now : row.first_failure_at, lockedUntil: until },
    });
    return { lockedUntil: null, locksIfWrong: until };
  });
}

export async function clearLoginFailures(email: string, scope: Pick<LockScope, "device"> = {}): Promise<void> {
  await db().loginThrottle.deleteMany({ where: { emailHash: throttleKey(email, scope.device) } });
}

/**
 * Gives back an attempt that proved right without ending the count: a right password of an
 * account whose second factor is still to come (decision 028). The failures before it stand;
 * a lock this attempt would have started is lifted, leaving one failure short of it.
 */
export async function returnLoginAttempt(email: string, scope: Pick<LockScope, "device">, attempt: { locksIfWrong: Date | null }): Promise<void> {
  const key = throttleKey(email, scope.device);
  if (attempt.locksIfWrong) {
    await db().loginThrottle.updateMany({ where: { emailHash: key, lockedUntil: attempt.locksIfWrong }, data: { lockedUntil: null, failures: LOCKOUT.maxFailures - 1 } });
    return;
  }
  await db().$executeRaw`UPDATE login_throttles SET failures = GREATEST(failures - 1, 0) WHERE email_hash = ${key} AND locked_until IS NULL`;
}
