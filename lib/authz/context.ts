import type { RequestMeta } from "../audit/context";
import { recordSecurityEvent, requestFieldsOf } from "../audit/security-events";
import { recordNonMemberDenial } from "./non-member";
import { db } from "../db/client";
import { log } from "../log/logger";
import type { Role } from "../db/generated/client";
import type { TenantTx } from "../db/scoped";
import { resolvePermissions, type EffectivePermissions, type GroupOverrides, type Override } from "./effective";
import { closureOf } from "../workspaces/lifecycle";
import { closedPermissions } from "./closed";
import { memberRefusal, principalOf, type Principal } from "./principal";
import { isPermission, type Permission } from "./permissions";

/**
 * A member acting in a workspace: the Principal every domain takes, plus who the member is.
 * `workspace.closure` / `workspace.suspension` make it read-only (decisions 017, 019).
 */
export interface WorkspaceContext extends Principal {
  user: { id: string; email: string; name: string };
  membership: { id: string; role: Role };
  permissions: EffectivePermissions;
  /** The workspace's "Require two-factor authentication" and whether this member has a second factor. */
  twoFactor: { required: boolean; enrolled: boolean; passkeys: boolean };
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
  access_not_before: Date | null;
  workspace_id: string;
  slug: string;
  name: string;
  caller_masking: boolean;
  cancelled_at: Date | null;
  deletion_due_at: Date | null;
  suspended_at: Date | null;
  suspended_reason: string | null;
  require_two_factor: boolean;
  two_factor: boolean;
  has_passkey: boolean;
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
    SELECT m.id, m.role::text AS role, m.last_active_at, m.access_not_before, w.id AS workspace_id, w.slug, w.name, w.caller_masking, w.cancelled_at, w.deletion_due_at, w.suspended_at, w.suspended_reason,
      w.require_two_factor,
      (EXISTS (SELECT 1 FROM users u WHERE u.id = m.user_id AND u.totp_enabled_at IS NOT NULL)
        OR EXISTS (SELECT 1 FROM passkeys pk WHERE pk.user_id = m.user_id)) AS two_factor,
      EXISTS (SELECT 1 FROM passkeys pk WHERE pk.user_id = m.user_id) AS has_passkey,
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
 * effective permissions and a data layer scoped to that workspace. `session` is the request's
 * session: one created before the membership's `accessNotBefore` (a workspace admin ended
 * this member's access, decision 030) opens nothing here — the member's other workspaces are
 * untouched, and signing in again opens it again.
 */
export async function authorizeMember(
  user: { id: string; email: string; name: string },
  slug: string,
  meta: RequestMeta,
  now = new Date(),
  session?: { createdAt: Date },
): Promise<WorkspaceContext | null> {
  const row = await loadMember(user.id, slug);
  if (!row) {
    await recordNonMemberDenial(user.id, slug, meta);
    return null;
  }
  if (session && row.access_not_before && session.createdAt < new Date(row.access_not_before)) {
    await recordSecurityEvent({ type: "authorization_denied", userId: user.id, workspaceId: row.workspace_id, ...requestFieldsOf(meta), details: { reason: "access_ended" } });
    return null;
  }
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
  return principalOf(
    {
      actor: { type: "user", userId: user.id, email: user.email },
      workspace,
      mode: "live",
      role: row.role,
      label: user.email,
      meta,
      can: (p) => permissions.has(p),
      eventDetails: {},
      userId: user.id,
      refusal: memberRefusal,
    },
    { user, membership: { id: row.id, role: row.role }, permissions, twoFactor: { required: row.require_two_factor, enrolled: row.two_factor, passkeys: row.has_passkey } },
  );
}
