import "server-only";
import type { WorkspaceContext } from "../authz/context";
import { AppError } from "../core/errors";
import { isUuid } from "../core/ids";
import type { Role } from "../db/generated/client";
import { assertOwnerIfOwnersInvolved } from "../team/rules";

/**
 * What a workspace admin sees and ends of a member's sign-ins (decision 030): their access to
 * THIS workspace, not their sessions. A session belongs to a user, who may be a member of
 * other workspaces; revoking it from here would end those too (the weakness of issue 16
 * item 12). Ending access sets the membership's `accessNotBefore`: every session created
 * before it no longer opens this workspace (authorizeMember), the member's other workspaces
 * carry on, and signing in again opens it again (removing the member is how to keep them out).
 */
export interface MemberAccessRow {
  membershipId: string;
  email: string;
  name: string;
  role: Role;
  lastActiveAt: Date | null;
  accessEndedAt: Date | null;
}

export async function listMemberAccess(ctx: WorkspaceContext, limit = 200): Promise<MemberAccessRow[]> {
  await ctx.require("team:manage");
  const rows = await ctx.data((tx) =>
    tx.membership.findMany({
      where: { workspaceId: ctx.workspace.id, lastActiveAt: { not: null } },
      orderBy: [{ lastActiveAt: "desc" }, { id: "asc" }],
      take: limit,
      select: { id: true, role: true, lastActiveAt: true, accessNotBefore: true, user: { select: { email: true, name: true } } },
    }),
  );
  return rows.map((r) => ({ membershipId: r.id, email: r.user.email, name: r.user.name, role: r.role, lastActiveAt: r.lastActiveAt, accessEndedAt: r.accessNotBefore }));
}

/**
 * Ends a member's current access to this workspace (team:manage; only owners for an owner,
 * the escalation rule of SPEC §2; not one's own: signing out does that). Audited as
 * member.access_ended in this workspace's chain. Another workspace's member is NOT_FOUND.
 */
export async function endMemberAccess(ctx: WorkspaceContext, membershipId: string, now = new Date()): Promise<void> {
  await ctx.require("team:manage");
  if (!isUuid(membershipId)) throw new AppError("NOT_FOUND");
  await ctx.data(async (tx) => {
    const target = await tx.membership.findFirst({
      where: { id: membershipId, workspaceId: ctx.workspace.id },
      select: { id: true, role: true, userId: true, user: { select: { email: true } } },
    });
    if (!target) throw new AppError("NOT_FOUND");
    if (target.userId === ctx.user.id) throw new AppError("CONFLICT", "To end your own access, sign out.");
    await assertOwnerIfOwnersInvolved(ctx, target.role);
    await tx.membership.update({ where: { id: target.id }, data: { accessNotBefore: now } });
    await ctx.audit("member.access_ended", { type: "member", id: target.id, label: target.user.email }, { user_id: target.userId, not_before: now.toISOString() }, tx);
  });
}
