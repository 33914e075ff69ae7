import type { WorkspaceContext } from "../authz/context";

/**
 * The caller-masking setting (SPEC §5). It decides how NEW calls are stored: with masking on
 * only a keyed token and the display form; with it off also the full number, sealed. Calls
 * already recorded keep what they were stored with — a masked call can never be unmasked,
 * and numbers stored while masking was off stay sealed and are shown only while it is off.
 */
export async function getCallerMasking(ctx: WorkspaceContext): Promise<boolean> {
  await ctx.require("settings:manage");
  return ctx.data(async (tx) => (await tx.workspace.findUniqueOrThrow({ where: { id: ctx.workspace.id }, select: { callerMasking: true } })).callerMasking);
}

export async function setCallerMasking(ctx: WorkspaceContext, enabled: boolean): Promise<boolean> {
  await ctx.require("settings:manage");
  return ctx.data(async (tx) => {
    const before = await tx.workspace.findUniqueOrThrow({ where: { id: ctx.workspace.id }, select: { callerMasking: true } });
    if (before.callerMasking === enabled) return false;
    await tx.workspace.update({ where: { id: ctx.workspace.id }, data: { callerMasking: enabled } });
    await ctx.audit(
      "settings.caller_masking_changed",
      { type: "workspace", id: ctx.workspace.id, label: ctx.workspace.name },
      { before: { caller_masking: before.callerMasking }, after: { caller_masking: enabled } },
      tx,
    );
    return true;
  });
}
