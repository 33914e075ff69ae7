import type { WorkspaceContext } from "../authz/context";
import { AppError } from "../core/errors";
import { sendEmail } from "../email/send";
import { workspaceClosedEmail, workspaceReactivatedEmail } from "../email/templates";
import { log } from "../log/logger";

/** Days between cancellation and deletion (SPEC §10). */
export const DELETION_GRACE_DAYS = 30;
const DAY_MS = 86_400_000;

export interface WorkspaceClosure {
  cancelledAt: Date;
  deletionDueAt: Date;
}

/** Set while platform staff hold the workspace suspended (SPEC §11, decision 019). */
export interface WorkspaceSuspension {
  suspendedAt: Date;
  reason: string;
}

/** The closure a workspace row carries, or null when it is open. */
export function closureOf(row: { cancelledAt: Date | null; deletionDueAt: Date | null }): WorkspaceClosure | null {
  return row.cancelledAt && row.deletionDueAt ? { cancelledAt: row.cancelledAt, deletionDueAt: row.deletionDueAt } : null;
}

async function notifyOwners(ctx: WorkspaceContext, email: (to: string) => { to: string; subject: string; text: string }) {
  const owners = await ctx.data((tx) =>
    tx.membership.findMany({ where: { workspaceId: ctx.workspace.id, role: "owner" }, select: { user: { select: { email: true } } } }),
  );
  for (const owner of owners) {
    // The change has happened; a mail that fails is logged, never a reason to undo it.
    await sendEmail(email(owner.user.email)).catch((err: unknown) => log().error({ err }, "could not send a workspace lifecycle email"));
  }
}

/**
 * Cancels the workspace (SPEC §10, decision 017): from now on it is read-only (owners may
 * export and reactivate), its API keys answer 401 and its webhooks stop; everything it holds
 * is deleted `DELETION_GRACE_DAYS` later. The caller must type the workspace's slug.
 * Audited in the workspace's chain; the owners are told the date by email.
 */
export async function cancelWorkspace(ctx: WorkspaceContext, confirmation: string, now = new Date()): Promise<WorkspaceClosure> {
  await ctx.requireOwner("cancel this workspace");
  if (confirmation.trim() !== ctx.workspace.slug) {
    throw new AppError("VALIDATION_FAILED", `Type the workspace's name, ${ctx.workspace.slug}, to confirm.`, {
      details: [{ field: "confirmation", issue: "does not match the workspace" }],
    });
  }
  const closure = { cancelledAt: now, deletionDueAt: new Date(now.getTime() + DELETION_GRACE_DAYS * DAY_MS) };
  await ctx.data(async (tx) => {
    const { count } = await tx.workspace.updateMany({ where: { id: ctx.workspace.id, cancelledAt: null }, data: closure });
    if (count !== 1) throw new AppError("CONFLICT", "This workspace is already cancelled.");
    await ctx.audit(
      "workspace.cancelled",
      { type: "workspace", id: ctx.workspace.id, label: ctx.workspace.name },
      { after: { cancelled_at: closure.cancelledAt.toISOString(), deletion_due_at: closure.deletionDueAt.toISOString() } },
      tx,
    );
  });
  await notifyOwners(ctx, (to) => workspaceClosedEmail(to, ctx.workspace, closure.deletionDueAt));
  return closure;
}

/** Reopens a cancelled workspace before its deletion date; keys and webhooks work again. */
export async function reactivateWorkspace(ctx: WorkspaceContext, now = new Date()): Promise<void> {
  await ctx.requireOwner("reactivate this workspace");
  await ctx.data(async (tx) => {
    const { count } = await tx.workspace.updateMany({
      where: { id: ctx.workspace.id, cancelledAt: { not: null }, deletionDueAt: { gt: now } },
      data: { cancelledAt: null, deletionDueAt: null },
    });
    if (count !== 1) throw new AppError("CONFLICT", "This workspace is not cancelled, or its deletion has already begun.");
    await ctx.audit(
      "workspace.reactivated",
      { type: "workspace", id: ctx.workspace.id, label: ctx.workspace.name },
      { before: ctx.workspace.closure ? { cancelled_at: ctx.workspace.closure.cancelledAt.toISOString(), deletion_due_at: ctx.workspace.closure.deletionDueAt.toISOString() } : null },
      tx,
    );
  });
  await notifyOwners(ctx, (to) => workspaceReactivatedEmail(to, ctx.workspace));
}
