import { sendEmail } from "../../email/send";
import { accountSecurityEmail } from "../../email/account-security";
import { AuthError } from "../errors";
import { recordUserAudit } from "../user-events";
import { guardedCheck, type PasswordCheckMeta } from "../verify-password";
import { consumeRecoveryCode, looksLikeRecoveryCode, recoveryCodesLeft } from "./recovery-codes";
import { acceptTotpCode } from "./totp";

/** No code is this long: longer input is refused unread. */
const CODE_MAX_LENGTH = 64;

/**
 * Checks a typed second factor — a TOTP code or an unused recovery code — through the
 * checks a password meets (guardedCheck: lockout, per-IP failures, events, revocation of a
 * session after repeated failures). A used recovery code is audited and the user emailed.
 * Returns which factor was passed; a wrong code throws AuthError (`invalid_otp`, `locked`, …).
 */
export async function verifySecondFactor(
  user: { id: string; email: string },
  code: string,
  meta: PasswordCheckMeta,
  now = new Date(),
): Promise<"totp" | "recovery_code"> {
  if (!code || code.length > CODE_MAX_LENGTH) throw new AuthError("invalid_otp");
  const factor = codeKind(code);
  await guardedCheck(user, meta, { factor, wrong: "invalid_otp", verify: async (account) => (await acceptCode(user.id, code, now, account)) !== null }, now);
  if (factor === "recovery_code") await announceRecoveryCodeUse(user, meta);
  return factor;
}

/** A recovery code has its own shape; anything else is taken for a TOTP code. */
export const codeKind = (code: string): "totp" | "recovery_code" => (looksLikeRecoveryCode(code) ? "recovery_code" : "totp");

/**
 * Spends `code` — a TOTP step or a recovery code — when it is the user's and unused; returns
 * which it was, or null. The caller's guardedCheck counts a null as a failure.
 */
export async function acceptCode(
  userId: string,
  code: string,
  now: Date,
  account?: { totpSecretWrapped: string | null; totpLastStep: bigint | null } | null,
): Promise<"totp" | "recovery_code" | null> {
  if (!code || code.length > CODE_MAX_LENGTH) return null;
  const kind = codeKind(code);
  const accepted = kind === "totp" ? await acceptTotpCode(userId, code, now, account) : await consumeRecoveryCode(userId, code, now);
  return accepted ? kind : null;
}

export async function announceRecoveryCodeUse(user: { id: string; email: string }, meta: PasswordCheckMeta): Promise<void> {
  const left = await recoveryCodesLeft(user.id);
  await recordUserAudit(user, "user.recovery_code_used", meta, null, { via: meta.via, codes_left: left });
  await sendEmail(
    accountSecurityEmail(
      user.email,
      "A recovery code was used on your account",
      `A recovery code was used to ${meta.via === "sign_in" ? "sign in to" : "confirm an action on"} your Switchboard account. ${left} unused code${left === 1 ? "" : "s"} left; you can generate a new set on your account page.`,
    ),
  );
}
