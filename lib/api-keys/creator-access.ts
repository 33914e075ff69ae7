import { loadMemberPermissions, type WorkspaceContext } from "../authz/context";
import type { EffectivePermissions } from "../authz/effective";
import { isPermission } from "../authz/permissions";
import type { Role } from "../db/generated/client";
import type { TenantTx } from "../db/scoped";
import { displayKey } from "./format";

/**
 * A key may never do more than its creator may (decision 010): scopes are checked against the
 * creator's permissions at creation, and narrowed again here whenever the creator's access
 * shrinks — a role change narrows each of their active keys to what the new role holds (an
 * agent's keys also lose `calls:read_unmasked`), a change to their own or their groups'
 * overrides narrows them to what is left (narrowKeysOfMembers), and removal from the
 * workspace revokes them. A key left with no scope is revoked. Each change is audited with
 * the reason.
 */
export async function narrowKeysOfCreator(
  ctx: WorkspaceContext,
  tx: TenantTx,
  creator: { userId: string; access: { role: Role; permissions: EffectivePermissions } | null },
  now = new Date(),
): Promise<{ narrowed: number; revoked: number }> {
  const keys = await tx.apiKey.findMany({
    where: { workspaceId: ctx.workspace.id, createdById: creator.userId, revokedAt: null },
    select: { id: true, name: true, prefix: true, last4: true, scopes: true },
  });
  let narrowed = 0;
  let revoked = 0;
  const access = creator.access;
  for (const key of keys) {
    const kept = access
      ? key.scopes.filter((s) => isPermission(s) && access.permissions.has(s))
      : [];
    if (kept.length === key.scopes.length) continue;
    const target = { type: "api_key", id: key.id, label: `${key.name} (${displayKey(key.prefix, key.last4)})` };
    const reason = access ? "creator_access_reduced" : "creator_removed";
    if (kept.length === 0) {
      await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: now } });
      await ctx.audit("api_key.revoked", target, { before: { scopes: key.scopes }, reason }, tx);
      revoked += 1;
    } else {
      await tx.apiKey.update({ where: { id: key.id }, data: { scopes: kept } });
      await ctx.audit("api_key.scopes_narrowed", target, { before: { scopes: key.scopes }, after: { scopes: kept }, reason }, tx);
      narrowed += 1;
    }
  }
  return { narrowed, revoked };
}

/**
 * After a change that can shrink members' access without touching their role — an override,
 * joining a group with denies, leaving one with grants, a group's override or deletion —
 * narrows each affected member's keys to what they now hold (in the same transaction).
 */
export async function narrowKeysOfMembers(ctx: WorkspaceContext, tx: TenantTx, membershipIds: readonly string[]): Promise<void> {
  if (membershipIds.length === 0) return;
  const members = await tx.membership.findMany({
    where: { id: { in: [...membershipIds] }, workspaceId: ctx.workspace.id },
    select: { id: true, userId: true },
  });
  for (const member of members) {
    const access = await loadMemberPermissions(tx, member.id);
    await narrowKeysOfCreator(ctx, tx, { userId: member.userId, access });
  }
}
