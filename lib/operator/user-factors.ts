import { z } from "zod";
import { emailKey, normaliseEmail } from "../auth/email-address";
import { AppError } from "../core/errors";
import { accountSecurityEmail } from "../email/account-security";
import { sendEmail } from "../email/send";
import { log } from "../log/logger";
import { plainText } from "../security/sanitize";
import type { StaffContext } from "./context";

const text = (min: number, what: string) =>
  z
    .string()
    .max(2000)
    .transform((v) => plainText(v))
    .pipe(z.string().min(min, `Describe ${what} in at least ${min} characters.`).max(500, "Use at most 500 characters."));

const inputSchema = z.object({ reason: text(5, "why"), identityCheck: text(10, "how you checked who is asking") });

/**
 * Platform staff remove a member's second factors (SPEC §1, issue 15): the way back for a
 * member who lost their device and their recovery codes. Owners cannot do it — only staff,
 * after an identity check they record. The authenticator app, every passkey and every
 * recovery code go, and every session ends (whoever holds one may be who asked). Audited in
 * the platform chain and each of the member's workspaces, with the reason and the check;
 * the member is emailed. Returns what was removed, or null when no account has the address.
 */
export async function resetMemberFactors(
  ctx: StaffContext,
  emailInput: string,
  input: { reason: string; identityCheck: string },
  now = new Date(),
): Promise<{ totp: boolean; passkeys: number; sessions: number } | null> {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? "reason");
    throw new AppError("VALIDATION_FAILED", issue?.message ?? "Check the form.", { details: [{ field, issue: issue?.message ?? "invalid" }] });
  }
  const email = normaliseEmail(emailInput);
  const result = await ctx.data(async (tx) => {
    const user = await tx.user.findUnique({ where: { email }, select: { id: true, email: true, totpEnabledAt: true, memberships: { select: { workspaceId: true } } } });
    if (!user) return null;
    await tx.user.update({ where: { id: user.id }, data: { totpSecretWrapped: null, totpLastStep: null, totpEnabledAt: null } });
    const passkeys = (await tx.passkey.deleteMany({ where: { userId: user.id } })).count;
    await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    const sessions = (await tx.session.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: now, revokedReason: "factors_reset_by_staff" } })).count;
    const changes = { reason: parsed.data.reason, identity_check: parsed.data.identityCheck, totp_removed: user.totpEnabledAt !== null, passkeys_removed: passkeys, revoked_sessions: sessions };
    await ctx.audit("staff.member_factors_reset", { type: "user", id: user.id, label: emailKey(email).slice(0, 16) }, changes, { tx });
    for (const { workspaceId } of user.memberships) {
      await ctx.audit("staff.member_factors_reset", { type: "user", id: user.id, label: user.email }, changes, { tx, workspaceId });
    }
    return { to: user.email, totp: user.totpEnabledAt !== null, passkeys, sessions };
  });
  if (!result) return null;
  await sendEmail(
    accountSecurityEmail(
      result.to,
      "Your two-factor authentication was reset",
      `At your request, the Switchboard platform team removed the second factors of your account and signed out its sessions. Reason recorded: ${parsed.data.reason}. Sign in with your password and set up two-factor authentication again.`,
    ),
  ).catch((err: unknown) => log().error({ err }, "could not send a factors-reset email"));
  return { totp: result.totp, passkeys: result.passkeys, sessions: result.sessions };
}
