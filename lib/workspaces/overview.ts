import type { WorkspaceContext } from "../authz/context";

export async function workspaceOverview(ctx: WorkspaceContext) {
  return ctx.data(async (tx) => {
    const [members, workspace] = await Promise.all([
      tx.membership.count({ where: { workspaceId: ctx.workspace.id } }),
      tx.workspace.findUniqueOrThrow({ where: { id: ctx.workspace.id }, select: { createdAt: true } }),
    ]);
    return { members, createdAt: workspace.createdAt };
  });
}
