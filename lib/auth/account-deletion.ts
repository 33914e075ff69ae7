import { narrowKeysOfCreator } from "../api-keys/creator-access";
import { AppError } from "../core/errors";
import type { RequestMeta } from "../audit/context";
import { recordAudit } from "../audit/record";
import { authorizeMember } from "../authz/context";
import { db } from "../db/client";
import { sendEmail } from "../email/send";
import { accountDeletedEmail } from "../email/templates";
import { log } from "../log/logger";
import { normaliseEmail } from "./email-address";
import type { ActiveSession } from "./sessions";
import { requireRecentAuth } from "./step-up";

/**
 * Deletes the signed-in user's account at their request (sudo mode, their address typed).
 *
 * Refused while they are the only owner of a workspace that is still open: a workspace must
 * not be left without anyone who can run it. They transfer ownership or cancel it first; a
 * cancelled one is deleted on its own schedule. Otherwise they leave every workspace, one
 * scoped transaction each: the keys they created are revoked (decision 010), the membership
 * goes, and `member.left` is audited there. Then the user row goes, and with it, by
 * cascade, their sessions and reset links. The platform chain records `user.deleted` by id
 * only.
 *
 * What stays: audit entries they made keep their address as the actor until retention
 * removes them (the chain cannot be rewritten). Security events keep the id, not the address.
 */
export async function deleteAccount(session: ActiveSession, confirmation: string, stepUpCookie: string | undefined, meta: RequestMeta): Promise<void> {
  await requireRecentAuth(session, stepUpCookie);
  const user = session.user;
  if (normaliseEmail(confirmation) !== user.email) {
    throw new AppError("VALIDATION_FAILED", `Type your email address, ${user.email}, to confirm.`, { details: [{ field: "confirmation", issue: "does not match" }] });
  }
  const memberships = await db().membership.findMany({
    where: { userId: user.id },
    select: { id: true, role: true, workspace: { select: { id: true, slug: true, name: true, cancelledAt: true } } },
  });
  const soleOwnerOf: string[] = [];
  for (const m of memberships) {
    if (m.role !== "owner" || m.workspace.cancelledAt) continue;
    const owners = await db().membership.count({ where: { workspaceId: m.workspace.id, role: "owner" } });
    if (owners === 1) soleOwnerOf.push(m.workspace.name);
  }
  if (soleOwnerOf.length > 0) {
    throw new AppError(
      "CONFLICT",
      `You are the only owner of ${soleOwnerOf.map((n) => `“${n}”`).join(", ")}. Make another member an owner, or cancel the workspace, before deleting your account.`,
    );
  }
  for (const m of memberships) {
    const ctx = await authorizeMember(user, m.workspace.slug, meta);
    if (!ctx) continue;
    await ctx.data(async (tx) => {
      await narrowKeysOfCreator(ctx, tx, { userId: user.id, access: null });
      await tx.membership.delete({ where: { id: m.id } });
      await ctx.audit("member.left", { type: "member", id: m.id, label: user.email }, { before: { role: m.role }, reason: "account_deleted" }, tx);
    });
  }
  await db().user.delete({ where: { id: user.id } });
  await recordAudit({ actor: { type: "system", label: "account deletion" }, workspaceId: null, ...meta }, "user.deleted", { type: "user", id: user.id });
  await sendEmail(accountDeletedEmail(user.email, memberships.map((m) => m.workspace.name))).catch((err: unknown) =>
    log().error({ err }, "could not send the account deletion email"),
  );
}
