import type { WorkspaceContext } from "../authz/context";
import type { Permission } from "../authz/permissions";
import { ROLE_DEFAULTS, type Role } from "../authz/roles";
import { AppError } from "../core/errors";
import type { TenantTx } from "../db/scoped";

/**
 * The escalation rules of SPEC §2, in one place:
 * - nobody grants a permission they do not hold (roles, overrides, groups alike);
 * - only owners make, change or remove owners;
 * - the last owner can be neither removed nor demoted.
 */
const refuse = (ctx: WorkspaceContext, permission: Permission | "owner", message: string) => ctx.deny(permission, "escalation", message);

/** Who is acting, as the rules see it: the role and what it holds. */
type Actor = Pick<WorkspaceContext, "can"> & { membership: { role: Role } };

// The rules as pure predicates: pages call them to show what is allowed (a disabled role, a
// disabled override), and the assertions below wrap the same predicates for the server.

/** The first of `permissions` the actor does not hold (and so cannot grant), if any. */
export function firstUngrantable(actor: Pick<WorkspaceContext, "can">, permissions: readonly Permission[]): Permission | undefined {
  return permissions.find((p) => !actor.can(p));
}

/** Only owners make, change or remove owners. */
export function mayTouchOwners(actor: Actor, ...roles: Role[]): boolean {
  return !roles.includes("owner") || actor.membership.role === "owner";
}

/** Giving `role` (to a new or an existing member, currently `current`) grants its defaults, so the actor must hold them all. */
export function mayAssignRole(actor: Actor, role: Role, current?: Role): boolean {
  return mayTouchOwners(actor, role, ...(current ? [current] : [])) && firstUngrantable(actor, ROLE_DEFAULTS[role]) === undefined;
}

/**
 * Changing an override from `current` to `next` (true grant, false deny, null inherit): a
 * grant, or lifting a deny, can give the permission, so either needs it held. Adding a deny
 * needs only team:manage.
 */
export function mayChangeOverride(actor: Pick<WorkspaceContext, "can">, permission: Permission, current: boolean | null | undefined, next: boolean | null): boolean {
  return !(next === true || current === false) || actor.can(permission);
}

export async function assertCanGrant(ctx: WorkspaceContext, permissions: readonly Permission[]): Promise<void> {
  const missing = firstUngrantable(ctx, permissions);
  if (missing) await refuse(ctx, missing, `You cannot grant "${missing}" because you do not have it yourself.`);
}

export async function assertOwnerIfOwnersInvolved(ctx: WorkspaceContext, ...roles: Role[]): Promise<void> {
  if (!mayTouchOwners(ctx, ...roles)) await refuse(ctx, "owner", "Only owners can make, change or remove owners.");
}

/** Assigning a role grants its defaults, so the actor must hold all of them. */
export async function assertCanAssignRole(ctx: WorkspaceContext, role: Role): Promise<void> {
  await assertOwnerIfOwnersInvolved(ctx, role);
  await assertCanGrant(ctx, ROLE_DEFAULTS[role]);
}

export async function assertNotLastOwner(tx: TenantTx, workspaceId: string, membershipId: string): Promise<void> {
  // Lock the owners' rows so two concurrent demotions cannot both pass this check.
  const owners = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM memberships WHERE workspace_id = ${workspaceId}::uuid AND role = 'owner' FOR UPDATE`;
  if (owners.length === 1 && owners[0]?.id === membershipId) {
    throw new AppError("CONFLICT", "The last owner cannot be removed or demoted. Make someone else an owner first.");
  }
}

export async function assertCanChangeOverride(
  ctx: WorkspaceContext,
  permission: Permission,
  current: boolean | null | undefined,
  next: boolean | null,
): Promise<void> {
  if (!mayChangeOverride(ctx, permission, current, next)) await assertCanGrant(ctx, [permission]);
}
