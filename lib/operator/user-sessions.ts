import { z } from "zod";
import { emailKey, normaliseEmail } from "../auth/email-address";
import { AppError } from "../core/errors";
import { sendEmail } from "../email/send";
import { signedOutEverywhereEmail } from "../email/templates";
import { log } from "../log/logger";
import { plainText } from "../security/sanitize";
import type { StaffContext } from "./context";

const reasonSchema = z
  .string()
  .max(2000)
  .transform((v) => plainText(v))
  .pipe(z.string().min(5, "Give a reason of at least 5 characters; the member is emailed it.").max(500, "Use at most 500 characters."));

/**
 * Platform staff sign a member out everywhere (decision 030): every live session of the
 * account is revoked (`revoked_by_staff`), for a reason that is required and emailed to
 * them. Audited in the platform chain (by the address's hash, as decision 019 records
 * addresses there) and in the chain of each workspace the member belongs to, where its
 * admins see who did it and why. Returns the number of sessions ended, or null when no
 * account has that address.
 */
export async function signOutUserEverywhere(ctx: StaffContext, emailInput: string, reasonInput: string, now = new Date()): Promise<number | null> {
  const parsed = reasonSchema.safeParse(reasonInput);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Give a reason.";
    throw new AppError("VALIDATION_FAILED", message, { details: [{ field: "reason", issue: message }] });
  }
  const reason = parsed.data;
  const email = normaliseEmail(emailInput);
  const result = await ctx.data(async (tx) => {
    const user = await tx.user.findUnique({ where: { email }, select: { id: true, email: true, memberships: { select: { workspaceId: true } } } });
    if (!user) return null;
    const { count } = await tx.session.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: now, revokedReason: "revoked_by_staff" } });
    const changes = { reason, revoked_sessions: count };
    await ctx.audit("user.signed_out_everywhere", { type: "user", id: user.id, label: emailKey(email).slice(0, 16) }, changes, { tx });
    for (const { workspaceId } of user.memberships) {
      await ctx.audit("user.signed_out_everywhere", { type: "user", id: user.id, label: user.email }, changes, { tx, workspaceId });
    }
    return { count, to: user.email };
  });
  if (!result) return null;
  await sendEmail(signedOutEverywhereEmail(result.to, reason)).catch((err: unknown) => log().error({ err }, "could not send a signed-out email"));
  return result.count;
}
