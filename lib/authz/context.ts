import type { AuditAction } from "../audit/actions";
import type { Actor, AuditChanges, AuditTarget, RequestMeta } from "../audit/context";
import { recordAudit } from "../audit/record";
import { recordSecurityEvent } from "../audit/security-events";
import { db } from "../db/client";
import type { Role } from "../db/generated/client";
import { inWorkspace, type TenantTx } from "../db/scoped";
import { resolvePermissions, type EffectivePermissions, type GroupOverrides, type Override } from "./effective";
import { ForbiddenError } from "./errors";
import { isPermission, type Permission } from "./permissions";

export interface WorkspaceContext {
  actor: Actor;
  user: { id: string; email: string; name: string };
  workspace: { id: string; slug: string; name: string };
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
  const membership = await db().membership.findFirst({
    where: { userId: user.id, workspace: { slug } },
    select: { id: true, lastActiveAt: true, workspace: { select: { id: true, slug: true, name: true } } },
  });
  if (!membership) return null;
  const workspace = membership.workspace;
  const loaded = await inWorkspace(workspace.id, async (tx) => {
    const result = await loadMemberPermissions(tx, membership.id);
    if (result && (!membership.lastActiveAt || now.getTime() - membership.lastActiveAt.getTime() > ACTIVE_EVERY_MS)) {
      await tx.membership.update({ where: { id: membership.id }, data: { lastActiveAt: now } });
    }
    return result;
  });
  if (!loaded) return null;
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
