import { z } from "zod";
import type { WorkspaceContext } from "../authz/context";
import { plainText } from "../security/sanitize";

/** A workspace's display name: the sign-up form's rule (plain text, 2–80 characters). */
export const workspaceNameSchema = z
  .string()
  .max(1000)
  .transform(plainText)
  .pipe(z.string().min(2, "Use at least 2 characters.").max(80, "Use at most 80 characters."));

/**
 * Renames the workspace; owners only (it is the name every member and invitation sees). The
 * slug stays, so links, bookmarks and API clients keep working. Audited with before and
 * after. Answers whether anything changed.
 */
export async function renameWorkspace(ctx: WorkspaceContext, name: string): Promise<boolean> {
  await ctx.requireOwner("rename the workspace");
  return ctx.data(async (tx) => {
    const before = await tx.workspace.findUniqueOrThrow({ where: { id: ctx.workspace.id }, select: { name: true } });
    if (before.name === name) return false;
    await tx.workspace.update({ where: { id: ctx.workspace.id }, data: { name } });
    await ctx.audit("workspace.renamed", { type: "workspace", id: ctx.workspace.id, label: name }, { before: { name: before.name }, after: { name } }, tx);
    return true;
  });
}
