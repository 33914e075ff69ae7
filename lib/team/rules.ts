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

export async function assertCanGrant(ctx: WorkspaceContext, permissions: readonly Permission[]): Promise<void> {
  const missing = permissions.find((p) => !ctx.can(p));
  if (missing) await refuse(ctx, missing, `You cannot grant "${missing}" because you do not have it yourself.`);
}

export async function assertOwnerIfOwnersInvolved(ctx: WorkspaceContext, ...roles: Role[]): Promise<void> {
  if (roles.includes("owner") && ctx.membership.role !== "owner") {
    await refuse(ctx, "owner", "Only owners can make, change or remove owners.");
  }
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

/**
 * Changing an override from `current` to `next` (true grant, false deny, null inherit):
 * a grant, or lifting a deny, can give the permission, so either needs it held. Adding a
 * deny needs only team:manage.
 */
export async function assertCanChangeOverride(
  ctx: WorkspaceContext,
  permission: Permission,
  current: boolean | null | undefined,
  next: boolean | null,
): Promise<void> {
  if (next === true || current === false) await assertCanGrant(ctx, [permission]);
}
