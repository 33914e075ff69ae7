import type { WorkspaceContext } from "../authz/context";
import { overrideLabel } from "./override-value";
import { narrowKeysOfCreator, narrowKeysOfMembers } from "../api-keys/creator-access";
import { loadMemberPermissions } from "../authz/context";
import { AppError } from "../core/errors";
import { PERMISSIONS } from "../authz/permissions";
import { ROLE_DEFAULTS, type Role } from "../authz/roles";
import type { TenantTx } from "../db/scoped";
import { assertCanAssignRole, assertCanChangeOverride, assertNotLastOwner, assertOwnerIfOwnersInvolved } from "./rules";

export interface MemberRow {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: Date;
  lastActiveAt: Date | null;
  groups: { id: string; name: string; color: string }[];
  overrides: number;
}

const memberSelect = {
  id: true,
  role: true,
  createdAt: true,
  lastActiveAt: true,
  user: { select: { id: true, name: true, email: true } },
  groups: { select: { group: { select: { id: true, name: true, color: true } } }, orderBy: { group: { name: "asc" as const } } },
  _count: { select: { overrides: true } },
};

type MemberRecord = {
  id: string;
  role: Role;
  createdAt: Date;
  lastActiveAt: Date | null;
  user: { id: string; name: string; email: string };
  groups: { group: { id: string; name: string; color: string } }[];
  _count: { overrides: number };
};

function toRow(m: MemberRecord): MemberRow {
  return {
    id: m.id,
    userId: m.user.id,
    name: m.user.name,
    email: m.user.email,
    role: m.role,
    joinedAt: m.createdAt,
    lastActiveAt: m.lastActiveAt,
    groups: m.groups.map((g) => g.group),
    overrides: m._count.overrides,
  };
}

export async function listMembers(ctx: WorkspaceContext): Promise<MemberRow[]> {
  await ctx.require("team:manage");
  const rows = await ctx.data((tx) =>
    tx.membership.findMany({ where: { workspaceId: ctx.workspace.id }, select: memberSelect, orderBy: { createdAt: "asc" } }),
  );
  return rows.map(toRow);
}

/** A member of this workspace, or NOT_FOUND (ids of other workspaces included). */
export async function getMember(ctx: WorkspaceContext, membershipId: string, tx?: TenantTx): Promise<MemberRow> {
  const run = (t: TenantTx) => t.membership.findFirst({ where: { id: membershipId, workspaceId: ctx.workspace.id }, select: memberSelect });
  const row = /^[0-9a-f-]{36}$/i.test(membershipId) ? await (tx ? run(tx) : ctx.data(run)) : null;
  if (!row) throw new AppError("NOT_FOUND", "No such member.");
  return toRow(row);
}

/** The member's permissions with where each comes from (role, group or own override). */
export async function memberPermissionMatrix(ctx: WorkspaceContext, membershipId: string) {
  await ctx.require("team:manage");
  return ctx.data(async (tx) => {
    const member = await getMember(ctx, membershipId, tx);
    const loaded = (await loadMemberPermissions(tx, membershipId))!;
    const own = await tx.memberPermissionOverride.findMany({ where: { membershipId }, select: { permission: true, granted: true } });
    return {
      member,
      rows: PERMISSIONS.map((permission) => ({
        permission,
        effective: loaded.permissions.explain(permission),
        roleDefault: ROLE_DEFAULTS[member.role].includes(permission),
        override: own.find((o) => o.permission === permission)?.granted ?? null,
      })),
    };
  });
}

export async function changeRole(ctx: WorkspaceContext, membershipId: string, role: Role): Promise<void> {
  await ctx.require("team:manage");
  await ctx.data(async (tx) => {
    const member = await getMember(ctx, membershipId, tx);
    if (member.role === role) return;
    await assertOwnerIfOwnersInvolved(ctx, member.role);
    await assertCanAssignRole(ctx, role);
    if (member.role === "owner") await assertNotLastOwner(tx, ctx.workspace.id, membershipId);
    await tx.membership.update({ where: { id: membershipId }, data: { role } });
    await ctx.audit("member.role_changed", { type: "member", id: membershipId, label: member.email }, {
      before: { role: member.role },
      after: { role },
    }, tx);
    // Their keys shrink with them (decision 010).
    const access = (await loadMemberPermissions(tx, membershipId))!;
    await narrowKeysOfCreator(ctx, tx, { userId: member.userId, access });
  });
}

export async function removeMember(ctx: WorkspaceContext, membershipId: string): Promise<void> {
  await ctx.require("team:manage");
  await ctx.data(async (tx) => {
    const member = await getMember(ctx, membershipId, tx);
    await assertOwnerIfOwnersInvolved(ctx, member.role);
    if (member.role === "owner") await assertNotLastOwner(tx, ctx.workspace.id, membershipId);
    await narrowKeysOfCreator(ctx, tx, { userId: member.userId, access: null });
    await tx.membership.delete({ where: { id: membershipId } });
    await ctx.audit("member.removed", { type: "member", id: membershipId, label: member.email }, {
      before: { role: member.role, groups: member.groups.map((g) => g.name) },
    }, tx);
  });
}

/** Sets one of the member's own overrides: grant, deny, or back to inherited (null). */
export async function setMemberOverride(
  ctx: WorkspaceContext,
  membershipId: string,
  permission: (typeof PERMISSIONS)[number],
  value: boolean | null,
): Promise<void> {
  await ctx.require("team:manage");
  await ctx.data(async (tx) => {
    const member = await getMember(ctx, membershipId, tx);
    if (member.role === "owner") throw new AppError("CONFLICT", "Owners always have every permission; there is nothing to override.");
    const current = await tx.memberPermissionOverride.findUnique({ where: { membershipId_permission: { membershipId, permission } } });
    await assertCanChangeOverride(ctx, permission, current?.granted, value);
    if (value === null) {
      await tx.memberPermissionOverride.deleteMany({ where: { membershipId, permission } });
    } else {
      await tx.memberPermissionOverride.upsert({
        where: { membershipId_permission: { membershipId, permission } },
        create: { workspaceId: ctx.workspace.id, membershipId, permission, granted: value },
        update: { granted: value },
      });
    }
    await ctx.audit("member.permission_changed", { type: "member", id: membershipId, label: member.email }, {
      permission,
      before: { override: overrideLabel(current?.granted) },
      after: { override: overrideLabel(value) },
    }, tx);
    await narrowKeysOfMembers(ctx, tx, [membershipId]);
  });
}
