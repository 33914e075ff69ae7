import { db } from "../db/client";

export async function workspaceOverview(workspaceId: string) {
  const [members, workspace] = await Promise.all([
    db().membership.count({ where: { workspaceId } }),
    db().workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { createdAt: true } }),
  ]);
  return { members, createdAt: workspace.createdAt };
}
