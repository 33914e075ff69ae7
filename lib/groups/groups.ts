import { isUniqueViolation } from "../core/unique-violation";
import { z } from "zod";
import { narrowKeysOfMembers } from "../api-keys/creator-access";
import type { WorkspaceContext } from "../authz/context";
import { overrideLabel } from "../team/override-value";
import { AppError } from "../core/errors";
import { isPermission, type Permission } from "../authz/permissions";
import type { TenantTx } from "../db/scoped";
import { plainText } from "../security/sanitize";
import { getMember } from "../team/members";
import { assertCanChangeOverride, assertCanGrant } from "../team/rules";
import { GROUP_COLOR_NAMES, type GroupColor } from "./colors";

export const groupInputSchema = z.object({
  name: z.string().transform(plainText).pipe(z.string().min(1, "Enter a name.").max(60, "Use at most 60 characters.")),
  color: z.enum(GROUP_COLOR_NAMES as [GroupColor, ...GroupColor[]], { message: "Pick a colour from the palette." }),
  description: z
    .string()
    .max(2000)
    .transform(plainText)
    .pipe(z.string().max(280, "Use at most 280 characters."))
    .optional()
    .default(""),
});
export type GroupInput = z.infer<typeof groupInputSchema>;

export async function listGroups(ctx: WorkspaceContext) {
  await ctx.require("team:manage");
  return ctx.data((tx) =>
    tx.group.findMany({
      where: { workspaceId: ctx.workspace.id },
      orderBy: { name: "asc" },
      select: {
        id: true,
        name: true,
        color: true,
        description: true,
        _count: { select: { members: true } },
        overrides: { select: { permission: true, granted: true } },
      },
    }),
  );
}

async function findGroup(ctx: WorkspaceContext, tx: TenantTx, groupId: string) {
  const group = /^[0-9a-f-]{36}$/i.test(groupId)
    ? await tx.group.findFirst({
        where: { id: groupId, workspaceId: ctx.workspace.id },
        select: {
          id: true,
          name: true,
          color: true,
          description: true,
          overrides: { select: { permission: true, granted: true } },
          members: { select: { membership: { select: { id: true, role: true, user: { select: { name: true, email: true } } } } } },
        },
      })
    : null;
  if (!group) throw new AppError("NOT_FOUND", "No such group.");
  return group;
}

export async function getGroup(ctx: WorkspaceContext, groupId: string) {
  await ctx.require("team:manage");
  return ctx.data((tx) => findGroup(ctx, tx, groupId));
}

export async function createGroup(ctx: WorkspaceContext, input: GroupInput) {
  await ctx.require("team:manage");
  try {
    return await ctx.data(async (tx) => {
      const group = await tx.group.create({
        data: { workspaceId: ctx.workspace.id, name: input.name, color: input.color, description: input.description || null },
        select: { id: true },
      });
      await ctx.audit("group.created", { type: "group", id: group.id, label: input.name }, { after: input }, tx);
      return group;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "A group with this name exists.", { details: [{ field: "name", issue: "taken" }] });
    throw error;
  }
}

export async function updateGroup(ctx: WorkspaceContext, groupId: string, input: GroupInput) {
  await ctx.require("team:manage");
  try {
    await ctx.data(async (tx) => {
      const before = await findGroup(ctx, tx, groupId);
      await tx.group.update({ where: { id: groupId }, data: { name: input.name, color: input.color, description: input.description || null } });
      await ctx.audit("group.updated", { type: "group", id: groupId, label: input.name }, {
        before: { name: before.name, color: before.color, description: before.description },
        after: input,
      }, tx);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "A group with this name exists.", { details: [{ field: "name", issue: "taken" }] });
    throw error;
  }
}

/** Deleting a group removes its denies too, which can give members permissions. */
export async function deleteGroup(ctx: WorkspaceContext, groupId: string) {
  await ctx.require("team:manage");
  await ctx.data(async (tx) => {
    const group = await findGroup(ctx, tx, groupId);
    await assertCanGrant(ctx, deniedBy(group.overrides));
    await tx.group.delete({ where: { id: groupId } });
    await ctx.audit("group.deleted", { type: "group", id: groupId, label: group.name }, {
      before: { name: group.name, members: group.members.length, overrides: group.overrides },
    }, tx);
    // Its grants go with it: its members' keys shrink to what they still hold (decision 010).
    await narrowKeysOfMembers(ctx, tx, group.members.map((m) => m.membership.id));
  });
}

const grantedBy = (o: { permission: string; granted: boolean }[]) => o.filter((x) => x.granted && isPermission(x.permission)).map((x) => x.permission as Permission);
const deniedBy = (o: { permission: string; granted: boolean }[]) => o.filter((x) => !x.granted && isPermission(x.permission)).map((x) => x.permission as Permission);

/** Joining a group gives its grants: the actor must hold them all. */
export async function addGroupMember(ctx: WorkspaceContext, groupId: string, membershipId: string) {
  await ctx.require("team:manage");
  await ctx.data(async (tx) => {
    const group = await findGroup(ctx, tx, groupId);
    const member = await getMember(ctx, membershipId, tx);
    if (group.members.some((m) => m.membership.id === membershipId)) return;
    await assertCanGrant(ctx, grantedBy(group.overrides));
    await tx.groupMember.create({ data: { workspaceId: ctx.workspace.id, groupId, membershipId } });
    await ctx.audit("group.member_added", { type: "group", id: groupId, label: group.name }, { after: { member: member.email } }, tx);
    await narrowKeysOfMembers(ctx, tx, [membershipId]);
  });
}

/** Leaving a group lifts its denies: the actor must hold those. */
export async function removeGroupMember(ctx: WorkspaceContext, groupId: string, membershipId: string) {
  await ctx.require("team:manage");
  await ctx.data(async (tx) => {
    const group = await findGroup(ctx, tx, groupId);
    const member = await getMember(ctx, membershipId, tx);
    await assertCanGrant(ctx, deniedBy(group.overrides));
    const { count } = await tx.groupMember.deleteMany({ where: { groupId, membershipId } });
    if (count > 0) {
      await ctx.audit("group.member_removed", { type: "group", id: groupId, label: group.name }, { before: { member: member.email } }, tx);
      await narrowKeysOfMembers(ctx, tx, [membershipId]);
    }
  });
}

export async function setGroupOverride(ctx: WorkspaceContext, groupId: string, permission: Permission, value: boolean | null) {
  await ctx.require("team:manage");
  await ctx.data(async (tx) => {
    const group = await findGroup(ctx, tx, groupId);
    const current = group.overrides.find((o) => o.permission === permission);
    await assertCanChangeOverride(ctx, permission, current?.granted, value);
    if (value === null) {
      await tx.groupPermissionOverride.deleteMany({ where: { groupId, permission } });
    } else {
      await tx.groupPermissionOverride.upsert({
        where: { groupId_permission: { groupId, permission } },
        create: { workspaceId: ctx.workspace.id, groupId, permission, granted: value },
        update: { granted: value },
      });
    }
    await ctx.audit("group.permission_changed", { type: "group", id: groupId, label: group.name }, {
      permission,
      before: { override: overrideLabel(current?.granted) },
      after: { override: overrideLabel(value) },
    }, tx);
    await narrowKeysOfMembers(ctx, tx, group.members.map((m) => m.membership.id));
  });
}
