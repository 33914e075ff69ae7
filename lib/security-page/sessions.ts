import { isUuid } from "../core/ids";
import "server-only";
import { AppError } from "../core/errors";
import type { WorkspaceContext } from "../authz/context";
import { config } from "../config";
import { db } from "../db/client";
import type { Role } from "../db/generated/client";
import { assertOwnerIfOwnersInvolved } from "../team/rules";

/**
 * Active sessions of the workspace's members, for admins (team:manage). The tenant role has
 * no grant on `sessions` (they belong to users, not workspaces), so these queries use the
 * privileged connection and name the workspace explicitly: a session is listed or revoked only
 * when its user holds a membership of THIS workspace, checked in the same statement.
 */
export interface MemberSessionRow {
  id: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
  lastSeenAt: Date;
  ip: string | null;
  userAgent: string | null;
}

const idleCutoff = (now: Date) => new Date(now.getTime() - config().SESSION_IDLE_MINUTES * 60_000);

export async function listMemberSessions(ctx: WorkspaceContext, now = new Date(), limit = 200): Promise<MemberSessionRow[]> {
  await ctx.require("team:manage");
  const rows = await db().$queryRaw<(Omit<MemberSessionRow, "createdAt" | "lastSeenAt" | "userId"> & { user_id: string; created_at: Date; last_seen_at: Date })[]>`
    SELECT s.id::text AS id, s.user_id::text AS user_id, u.email, u.name, m.role::text AS role,
           s.created_at, s.last_seen_at, s.ip, s.user_agent AS "userAgent"
    FROM sessions s
    JOIN memberships m ON m.user_id = s.user_id AND m.workspace_id = ${ctx.workspace.id}::uuid
    JOIN users u ON u.id = s.user_id
    WHERE s.revoked_at IS NULL AND s.expires_at > ${now} AND s.last_seen_at > ${idleCutoff(now)}
    ORDER BY s.last_seen_at DESC, s.id
    LIMIT ${limit}`;
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    email: r.email,
    name: r.name,
    role: r.role,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    ip: r.ip,
    userAgent: r.userAgent,
  }));
}


/**
 * Revokes one active session of a member of this workspace. Anything else — another
 * workspace's user, an unknown or already-ended session — is NOT_FOUND, so the answer tells
 * nothing about sessions outside the workspace. Only owners end an owner's session (the
 * escalation rule of SPEC §2), except a member's own.
 */
export async function revokeMemberSession(ctx: WorkspaceContext, sessionId: string, now = new Date()): Promise<void> {
  await ctx.require("team:manage");
  if (!isUuid(sessionId)) throw new AppError("NOT_FOUND");
  const [target] = await db().$queryRaw<{ user_id: string; email: string; role: Role }[]>`
    SELECT s.user_id::text AS user_id, u.email, m.role::text AS role
    FROM sessions s
    JOIN memberships m ON m.user_id = s.user_id AND m.workspace_id = ${ctx.workspace.id}::uuid
    JOIN users u ON u.id = s.user_id
    WHERE s.id = ${sessionId}::uuid AND s.revoked_at IS NULL AND s.expires_at > ${now}`;
  if (!target) throw new AppError("NOT_FOUND");
  if (target.user_id !== ctx.user.id) await assertOwnerIfOwnersInvolved(ctx, target.role);
  // The membership is checked again in the UPDATE itself: a member removed in between keeps
  // nothing revocable from here.
  const revoked = await db().$executeRaw`
    UPDATE sessions s SET revoked_at = ${now}, revoked_reason = 'revoked_by_admin'
    WHERE s.id = ${sessionId}::uuid AND s.revoked_at IS NULL
      AND EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = s.user_id AND m.workspace_id = ${ctx.workspace.id}::uuid)`;
  if (revoked === 0) throw new AppError("NOT_FOUND");
  await ctx.audit("session.revoked", { type: "session", id: sessionId, label: target.email }, { user_id: target.user_id, reason: "revoked_by_admin" });
}
