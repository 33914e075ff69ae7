import type { AuditAction } from "../audit/actions";
import type { Actor, AuditChanges, AuditTarget, RequestMeta } from "../audit/context";
import { recordAudit } from "../audit/record";
import { recordSecurityEvent } from "../audit/security-events";
import { db } from "../db/client";
import { log } from "../log/logger";
import type { Role } from "../db/generated/client";
import { inWorkspace, type TenantTx } from "../db/scoped";
import { resolvePermissions, type EffectivePermissions, type GroupOverrides, type Override } from "./effective";
import { closureOf, type WorkspaceClosure, type WorkspaceSuspension } from "../workspaces/lifecycle";
import { closedPermissions } from "./closed";
import { ForbiddenError } from "./errors";
import { isPermission, type Permission } from "./permissions";

export interface WorkspaceContext {
  actor: Actor;
  user: { id: string; email: string; name: string };
  /**
   * `closure` is set while the workspace is cancelled and awaiting deletion; `suspension`
   * while platform staff hold it suspended (decision 019). Either makes it read-only.
   */
  workspace: { id: string; slug: string; name: string; callerMasking: boolean; closure: WorkspaceClosure | null; suspension: WorkspaceSuspension | null };
  membership: { id: string; role: Role };
  permissions: EffectivePermissions;
  meta: RequestMeta;
  can(permission: Permission): boolean;
  /** Throws ForbiddenError (after recording a security event) unless the permission is held. */
  require(permission: Permission): Promise<void>;
  /** Runs `fn` in this workspace's RLS-scoped transaction. */
  data<T>(fn: (tx: TenantTx) => Promise<T>): Promise<T>;
  audit(action: AuditAction, target?: AuditTarget | null, changes?: AuditChanges | null, tx?: TenantTx): Promise<void>;
}

const ACTIVE_EVERY_MS = 60_000;

/** Overrides as stored (strings) → typed, ignoring any permission no longer in the catalogue. */
function typed(rows: { permission: string; granted: boolean }[]): Override[] {
  return rows.filter((r) => isPermission(r.permission)).map((r) => ({ permission: r.permission as Permission, granted: r.granted }));
}

/** Loads a member's role and overrides (inside the workspace's scoped transaction). */
export async function loadMemberPermissions(tx: TenantTx, membershipId: string) {
  const membership = await tx.membership.findUnique({
    where: { id: membershipId },
    select: {
      role: true,
      overrides: { select: { permission: true, granted: true } },
      groups: {
        select: { group: { select: { id: true, name: true, overrides: { select: { permission: true, granted: true } } } } },
      },
    },
  });
  if (!membership) return null;
  const groups: GroupOverrides[] = membership.groups.map((g) => ({
    groupId: g.group.id,
    groupName: g.group.name,
    overrides: typed(g.group.overrides),
  }));
  return { role: membership.role, permissions: resolvePermissions({ role: membership.role, groups, user: typed(membership.overrides) }) };
}

interface MemberRow {
  id: string;
  role: Role;
  last_active_at: Date | null;
  workspace_id: string;
  slug: string;
  name: string;
  caller_masking: boolean;
  cancelled_at: Date | null;
  deletion_due_at: Date | null;
  suspended_at: Date | null;
  suspended_reason: string | null;
  own: { p: string; g: boolean }[];
  groups: { id: string; name: string; o: { p: string; g: boolean }[] }[];
}

/**
 * Resolves the actor's membership and every override that shapes its permissions in one
 * query. It runs outside the tenant scope because it is how the scope is found: it is keyed
 * by the authenticated user's id and the URL's slug, and returns nothing for a non-member.
 */
async function loadMember(userId: string, slug: string): Promise<MemberRow | null> {
  const rows = await db().$queryRaw<MemberRow[]>`
    SELECT m.id, m.role::text AS role, m.last_active_at, w.id AS workspace_id, w.slug, w.name, w.caller_masking, w.cancelled_at, w.deletion_due_at, w.suspended_at, w.suspended_reason,
      COALESCE((SELECT json_agg(json_build_object('p', o.permission, 'g', o.granted))
                FROM member_permission_overrides o WHERE o.membership_id = m.id), '[]'::json) AS own,
      COALESCE((SELECT json_agg(json_build_object('id', g.id, 'name', g.name, 'o',
                  COALESCE((SELECT json_agg(json_build_object('p', go.permission, 'g', go.granted))
                            FROM group_permission_overrides go WHERE go.group_id = g.id), '[]'::json)))
                FROM group_members gm JOIN groups g ON g.id = gm.group_id
                WHERE gm.membership_id = m.id), '[]'::json) AS groups
    FROM memberships m JOIN workspaces w ON w.id = m.workspace_id
    WHERE m.user_id = ${userId}::uuid AND w.slug = ${slug}`;
  return rows[0] ?? null;
}

const toOverrides = (rows: { p: string; g: boolean }[]) => typed(rows.map((r) => ({ permission: r.p, granted: r.g })));

/**
 * The one authorisation path for a signed-in user: the workspace from its slug, verified
 * against membership (none → null, which callers answer with 404), then the member's
 * effective permissions and a data layer scoped to that workspace.
 */
export async function authorizeMember(
  user: { id: string; email: string; name: string },
  slug: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<WorkspaceContext | null> {
  const row = await loadMember(user.id, slug);
  if (!row) return null;
  const closure = closureOf({ cancelledAt: row.cancelled_at, deletionDueAt: row.deletion_due_at });
  const suspension = row.suspended_at ? { suspendedAt: row.suspended_at, reason: row.suspended_reason ?? "" } : null;
  const workspace = { id: row.workspace_id, slug: row.slug, name: row.name, callerMasking: row.caller_masking, closure, suspension };
  const resolved = resolvePermissions({
    role: row.role,
    groups: row.groups.map((g) => ({ groupId: g.id, groupName: g.name, overrides: toOverrides(g.o) })),
    user: toOverrides(row.own),
  });
  // A cancelled or suspended workspace is read-only: what is left to each member is decided in one place.
  const permissions = closure || suspension ? closedPermissions(resolved, row.role) : resolved;
  if (!row.last_active_at || now.getTime() - new Date(row.last_active_at).getTime() > ACTIVE_EVERY_MS) {
    // Activity is bookkeeping: written once a minute at most, never awaited by the request.
    void db()
      .membership.update({ where: { id: row.id }, data: { lastActiveAt: now } })
      .catch((error) => log().warn({ err: error }, "could not record member activity"));
  }
  const loaded = { role: row.role, permissions };
  const membership = { id: row.id };
  const actor: Actor = { type: "user", userId: user.id, email: user.email };
  const ctx: WorkspaceContext = {
    actor,
    user,
    workspace,
    membership: { id: membership.id, role: loaded.role },
    permissions: loaded.permissions,
    meta,
    can: (p) => loaded.permissions.has(p),
    require: async (p) => {
      if (loaded.permissions.has(p)) return;
      await recordSecurityEvent({
        type: "authorization_denied",
        workspaceId: workspace.id,
        userId: user.id,
        ip: meta.ip,
        details: { permission: p },
      });
      throw new ForbiddenError(p);
    },
    data: (fn) => inWorkspace(workspace.id, fn),
    audit: (action, target = null, changes = null, tx) =>
      recordAudit({ actor, workspaceId: workspace.id, ...meta }, action, target, changes, tx),
  };
  return ctx;
}
