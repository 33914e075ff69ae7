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
  const factor = looksLikeRecoveryCode(code) ? "recovery_code" : "totp";
  await guardedCheck(
    user,
    meta,
    {
      factor,
      wrong: "invalid_otp",
      verify: () => (factor === "totp" ? acceptTotpCode(user.id, code, now) : consumeRecoveryCode(user.id, code, now)),
    },
    now,
  );
  if (factor === "recovery_code") await announceRecoveryCodeUse(user, meta);
  return factor;
}

async function announceRecoveryCodeUse(user: { id: string; email: string }, meta: PasswordCheckMeta): Promise<void> {
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
