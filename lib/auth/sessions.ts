import { config } from "../config";
import { db } from "../db/client";
import { cookieValue } from "./cookie-header";
import { cookieNames } from "./cookies";
import { AuthError } from "./errors";
import { recordInvalidSessionToken } from "./invalid-session-token";
import { checkSessionToken, signSessionToken, verifySessionToken } from "./session-token";
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
 * Two statements, no transaction (a sign-in's cost, bench/identity.ts): the insert happens only
 * for a verified user, and the eviction keeps the newest sessions, this one always among them;
 * two sign-ins racing may each keep the other, overshooting the limit by one until the next.
 */
export async function createSession(userId: string, client: ClientInfo & { requestId?: string | null }, now = new Date()) {
  const expiresAt = new Date(now.getTime() + limits().absoluteMs);
  const ip = client.ip?.slice(0, 64) ?? null;
  const userAgent = client.userAgent?.slice(0, 512) ?? null;
  const [created] = await db().$queryRaw<{ id: string | null; email: string; verified: boolean }[]>`
    WITH u AS (SELECT id, email, email_verified_at IS NOT NULL AS verified FROM users WHERE id = ${userId}::uuid),
    s AS (
      INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, ip, user_agent)
      SELECT gen_random_uuid(), u.id, ${now}, ${now}, ${expiresAt}, ${ip}, ${userAgent} FROM u WHERE u.verified
      RETURNING id
    )
    SELECT (SELECT id::text FROM s) AS id, u.email, u.verified FROM u`;
  if (!created) throw new AuthError("invalid_credentials");
  if (!created.id) throw new AuthError("email_unverified");
  const sessionId = created.id;
  const evicted = await db().$queryRaw<{ id: string }[]>`
    UPDATE sessions SET revoked_at = ${now}, revoked_reason = 'session_limit'
    WHERE id IN (
      SELECT id FROM sessions
      WHERE user_id = ${userId}::uuid AND id <> ${sessionId}::uuid AND revoked_at IS NULL AND expires_at > ${now}
        AND last_seen_at > ${new Date(now.getTime() - limits().idleMs)}
      ORDER BY created_at DESC, id DESC OFFSET ${config().SESSION_MAX_PER_USER - 1})
    RETURNING id::text AS id`;
  for (const { id } of evicted) {
    await recordUserAudit({ id: userId, email: created.email }, "session.revoked", client, { type: "session", id }, { reason: "session_limit", limit: config().SESSION_MAX_PER_USER });
  }
  const token = await signSessionToken({ sub: userId, sid: sessionId }, expiresAt, now);
  return { sessionId, token, expiresAt };
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
export async function resolveSession(token: string | undefined, now = new Date(), client?: ClientInfo & { requestId?: string | null }): Promise<ActiveSession | null> {
  if (!token) return null;
  const check = await checkSessionToken(token, now);
  if (!check.ok) {
    if (check.reason !== "expired") await recordInvalidSessionToken(check.reason, client);
    return null;
  }
  const claims = check.claims;
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
