import { db } from "../db/client";
import { RESERVED_SLUGS } from "./slug";

export async function workspacesOf(userId: string) {
  const rows = await db().membership.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { role: true, workspace: { select: { id: true, slug: true, name: true } } },
  });
  return rows.map((r) => ({ ...r.workspace, role: r.role }));
}

/** The user's membership of the workspace with this slug, or null (not a member → 404). */
export async function membershipBySlug(userId: string, slug: string) {
  if (!WORKSPACE_SLUG.test(slug)) return null;
  const row = await db().membership.findFirst({
    where: { userId, workspace: { slug } },
    select: { id: true, role: true, workspace: { select: { id: true, slug: true, name: true } } },
  });
  return row;
}

export const WORKSPACE_SLUG = /^[a-z0-9][a-z0-9-]{1,47}$/;

/** Whether a workspace with this slug exists (reserved and malformed slugs never do). */
export async function workspaceExists(slug: string): Promise<boolean> {
  if (!WORKSPACE_SLUG.test(slug) || RESERVED_SLUGS.has(slug)) return false;
  return (await db().workspace.count({ where: { slug } })) > 0;
}
