import { db } from "../db/client";

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
  if (!/^[a-z0-9-]{2,48}$/.test(slug)) return null;
  const row = await db().membership.findFirst({
    where: { userId, workspace: { slug } },
    select: { id: true, role: true, workspace: { select: { id: true, slug: true, name: true } } },
  });
  return row;
}
