import { AppError } from "../../core/errors";
import { db } from "../../db/client";
import { enrolled, type SecondFactors } from "./factors";

/**
 * The names of the workspaces whose "Require two-factor authentication" this user is bound
 * by (SPEC §1): removing their last factor would lock them out of these.
 */
export async function workspacesRequiringTwoFactor(userId: string): Promise<string[]> {
  const rows = await db().membership.findMany({ where: { userId, workspace: { requireTwoFactor: true } }, select: { workspace: { select: { name: true } } } });
  return rows.map((r) => r.workspace.name);
}

/** Refuses a removal that would leave no second factor while a workspace requires one. */
export async function assertMayRemoveFactor(userId: string, after: SecondFactors): Promise<void> {
  if (enrolled(after)) return;
  const requiring = await workspacesRequiringTwoFactor(userId);
  if (requiring.length === 0) return;
  throw new AppError(
    "CONFLICT",
    `This is your last second factor and ${requiring.join(", ")} require${requiring.length === 1 ? "s" : ""} two-factor authentication. Add another factor first.`,
    { details: [{ issue: "last_factor_required" }] },
  );
}
