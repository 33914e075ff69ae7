import type { WorkspaceContext } from "../authz/context";
import { AppError } from "../core/errors";
import type { Role } from "../db/generated/client";

/** One member's second-factor status, as the Team page and the policy's preview show it. */
export interface MemberTwoFactor {
  userId: string;
  name: string;
  email: string;
  role: Role;
  totp: boolean;
  passkeys: number;
}

export const isCovered = (m: Pick<MemberTwoFactor, "totp" | "passkeys">) => m.totp || m.passkeys > 0;

/**
 * Every member and whether they have a second factor — never the factor itself — read in
 * the workspace's scoped transaction (the tenant role sees members' passkey rows only).
 */
export async function twoFactorCoverage(ctx: WorkspaceContext): Promise<MemberTwoFactor[]> {
  await ctx.require("team:manage");
  return ctx.data(async (tx) => {
    const [members, passkeys] = await Promise.all([
      tx.membership.findMany({
        select: { role: true, user: { select: { id: true, name: true, email: true, totpEnabledAt: true } } },
        orderBy: { createdAt: "asc" },
      }),
      tx.passkey.groupBy({ by: ["userId"], _count: { _all: true } }),
    ]);
    const counts = new Map(passkeys.map((p) => [p.userId, p._count._all]));
    return members.map((m) => ({
      userId: m.user.id,
      name: m.user.name,
      email: m.user.email,
      role: m.role,
      totp: m.user.totpEnabledAt !== null,
      passkeys: counts.get(m.user.id) ?? 0,
    }));
  });
}

export async function twoFactorRequired(ctx: WorkspaceContext): Promise<boolean> {
  return ctx.data(async (tx) => (await tx.workspace.findUniqueOrThrow({ where: { id: ctx.workspace.id }, select: { requireTwoFactor: true } })).requireTwoFactor);
}

/**
 * Switches "Require two-factor authentication" (owners only, who must have a second factor
 * themselves to switch it on; sudo mode is the action's).
 * The audit entry names how many members the change left without access.
 */
export async function setTwoFactorRequired(ctx: WorkspaceContext, required: boolean): Promise<{ changed: boolean; lockedOut: number }> {
  await ctx.requireOwner("change the two-factor requirement");
  // As at GitHub: whoever requires a second factor has one, so the switch cannot lock its owner out.
  if (required && !ctx.twoFactor.enrolled) {
    throw new AppError("CONFLICT", "Set up two-factor authentication for your own account first: the requirement applies to you too.", { details: [{ issue: "owner_without_second_factor" }] });
  }
  const uncovered = (await twoFactorCoverage(ctx)).filter((m) => !isCovered(m)).length;
  const changed = await ctx.data(async (tx) => {
    const before = await tx.workspace.findUniqueOrThrow({ where: { id: ctx.workspace.id }, select: { requireTwoFactor: true } });
    if (before.requireTwoFactor === required) return false;
    await tx.workspace.update({ where: { id: ctx.workspace.id }, data: { requireTwoFactor: required } });
    await ctx.audit(
      "settings.two_factor_policy_changed",
      { type: "workspace", id: ctx.workspace.id, label: ctx.workspace.name },
      { before: { require_two_factor: before.requireTwoFactor }, after: { require_two_factor: required }, ...(required ? { members_without_second_factor: uncovered } : {}) },
      tx,
    );
    return true;
  });
  return { changed, lockedOut: required ? uncovered : 0 };
}
