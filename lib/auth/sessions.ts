import { config } from "../config";
import { db } from "../db/client";
import { signSessionToken, verifySessionToken } from "./session-token";

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

/** Creates the session row and its signed token. */
export async function createSession(userId: string, client: ClientInfo, now = new Date()) {
  const expiresAt = new Date(now.getTime() + limits().absoluteMs);
  const session = await db().session.create({
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
  const token = await signSessionToken({ sub: userId, sid: session.id }, expiresAt, now);
  return { sessionId: session.id, token, expiresAt };
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
  const idleCutoff = new Date(now.getTime() - limits().idleMs);
  return db().session.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: now }, lastSeenAt: { gt: idleCutoff } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, createdAt: true, lastSeenAt: true, expiresAt: true, ip: true, userAgent: true },
  });
}
