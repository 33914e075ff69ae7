import { config } from "../config";
import { db } from "../db/client";
import { cookieValue } from "./cookie-header";
import { cookieNames } from "./cookies";
import { AuthError } from "./errors";
import { signSessionToken, verifySessionToken } from "./session-token";
import { recordUserAudit } from "./user-events";

/** Activity is written at most this often, so idle timeouts hold to within a minute. */
const TOUCH_EVERY_MS = 60_000;

export interface ClientInfo {
  ip?: string | null;
  userAgent?: string | null;
}

export interface ActiveSession {
  sessionId: string;
  user: { id: string; email: string; name: string };
  createdAt: Date;
  expiresAt: Date;
}

function limits() {
  const c = config();
  return { idleMs: c.SESSION_IDLE_MINUTES * 60_000, absoluteMs: c.SESSION_ABSOLUTE_HOURS * 3_600_000 };
}

/**
 * Creates the session row and its signed token — the one way any sign-in (password, passkey,
 * a verification link, an accepted invitation) opens a session, so its two rules hold for all
 * (decisions 030, 032): an address not yet verified gets no session (`email_unverified`), and
 * beyond SESSION_MAX_PER_USER active sessions the oldest are revoked (`session_limit`, audited).
 * The user's row is locked for the count, so parallel sign-ins cannot overshoot the limit.
 */
export async function createSession(userId: string, client: ClientInfo & { requestId?: string | null }, now = new Date()) {
  const expiresAt = new Date(now.getTime() + limits().absoluteMs);
  const { session, user, evicted } = await db().$transaction(async (tx) => {
    const [user] = await tx.$queryRaw<{ id: string; email: string; verified: boolean }[]>`
      SELECT id::text AS id, email, email_verified_at IS NOT NULL AS verified FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
    if (!user) throw new AuthError("invalid_credentials");
    if (!user.verified) throw new AuthError("email_unverified");
    const session = await tx.session.create({
      data: {
        userId,
        createdAt: now,
        lastSeenAt: now,
        expiresAt,
        ip: client.ip?.slice(0, 64) ?? null,
        userAgent: client.userAgent?.slice(0, 512) ?? null,
      },
      select: { id: true },
    });
    const older = await tx.session.findMany({
      where: { ...activeWhere(userId, now), id: { not: session.id } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: config().SESSION_MAX_PER_USER - 1,
      select: { id: true },
    });
    const evicted = older.map((s) => s.id);
    if (evicted.length > 0) {
      await tx.session.updateMany({ where: { id: { in: evicted }, revokedAt: null }, data: { revokedAt: now, revokedReason: "session_limit" } });
    }
    return { session, user, evicted };
  });
  for (const id of evicted) {
    await recordUserAudit(user, "session.revoked", client, { type: "session", id }, { reason: "session_limit", limit: config().SESSION_MAX_PER_USER });
  }
  const token = await signSessionToken({ sub: userId, sid: session.id }, expiresAt, now);
  return { sessionId: session.id, token, expiresAt };
}

/** Sessions that still open the app: not revoked, within their lifetime and idle timeout. */
function activeWhere(userId: string, now: Date) {
  return { userId, revokedAt: null, expiresAt: { gt: now }, lastSeenAt: { gt: new Date(now.getTime() - limits().idleMs) } };
}

/**
 * A sign-in that arrives with a session cookie ends that session first (ASVS V7.2.4, decision
 * 030): whatever it was — this user's, another account's on a shared computer, or one planted
 * by an attacker (session fixation) — it does not live on beside the new one. `cookieHeader` is
 * the request's Cookie header (next-auth's authorize sees only headers). Returns the revoked
 * session's id, or null when the cookie named no live session.
 */
export function revokePresentedSession(cookieHeader: string | string[] | undefined | null, now = new Date()): Promise<string | null> {
  return revokeSessionOfToken(cookieValue(cookieHeader, cookieNames().session), now);
}

/** revokePresentedSession for a caller that has the session cookie's value itself. */
export async function revokeSessionOfToken(token: string | undefined, now = new Date()): Promise<string | null> {
  const claims = token ? await verifySessionToken(token, now) : null;
  if (!claims) return null;
  const { count } = await db().session.updateMany({
    where: { id: claims.sid, userId: claims.sub, revokedAt: null },
    data: { revokedAt: now, revokedReason: "signed_in_again" },
  });
  return count > 0 ? claims.sid : null;
}

/**
 * The session a token names, if it is still good: signature, then the row — not revoked,
 * within its absolute lifetime and its idle timeout. Checked on every request, so a
 * revocation or a timeout takes effect on the very next one.
 */
export async function resolveSession(token: string | undefined, now = new Date()): Promise<ActiveSession | null> {
  if (!token) return null;
  const claims = await verifySessionToken(token, now);
  if (!claims) return null;
  const row = await db().session.findUnique({
    where: { id: claims.sid },
    select: {
      id: true,
      userId: true,
      createdAt: true,
      lastSeenAt: true,
      expiresAt: true,
      revokedAt: true,
      user: { select: { id: true, email: true, name: true } },
    },
  });
  if (!row || row.userId !== claims.sub || row.revokedAt) return null;
  if (now >= row.expiresAt) return null;
  if (now.getTime() - row.lastSeenAt.getTime() >= limits().idleMs) {
    await db().session.updateMany({ where: { id: row.id, revokedAt: null }, data: { revokedAt: now, revokedReason: "idle_timeout" } });
    return null;
  }
  if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    await db().session.update({ where: { id: row.id }, data: { lastSeenAt: now } });
  }
  return { sessionId: row.id, user: row.user, createdAt: row.createdAt, expiresAt: row.expiresAt };
}

export async function revokeSession(userId: string, sessionId: string, reason: string, now = new Date()): Promise<boolean> {
  const { count } = await db().session.updateMany({
    where: { id: sessionId, userId, revokedAt: null },
    data: { revokedAt: now, revokedReason: reason.slice(0, 40) },
  });
  return count > 0;
}

/** Revokes every session of the user except `keepSessionId` (none when null). */
export async function revokeOtherSessions(userId: string, keepSessionId: string | null, reason: string, now = new Date()) {
  const { count } = await db().session.updateMany({
    where: { userId, revokedAt: null, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) },
    data: { revokedAt: now, revokedReason: reason.slice(0, 40) },
  });
  return count;
}

export async function listActiveSessions(userId: string, now = new Date()) {
  return db().session.findMany({
    where: activeWhere(userId, now),
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, createdAt: true, lastSeenAt: true, expiresAt: true, ip: true, userAgent: true },
  });
}
