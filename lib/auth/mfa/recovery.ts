import { AppError } from "../../core/errors";
import { accountSecurityEmail } from "../../email/account-security";
import { sendEmail } from "../../email/send";
import type { ActiveSession, ClientInfo } from "../sessions";
import { recordUserAudit } from "../user-events";
import { enrolled, secondFactorsOf } from "./factors";
import { issueRecoveryCodes } from "./recovery-codes";

/** A new set of recovery codes on demand (sudo mode is the caller's); the old set stops working. */
export async function regenerateRecoveryCodes(session: ActiveSession, meta: ClientInfo & { requestId?: string | null }): Promise<string[]> {
  if (!enrolled(await secondFactorsOf(session.user.id))) {
    throw new AppError("CONFLICT", "Recovery codes come with a second factor: add an authenticator app or a passkey first.");
  }
  const codes = await issueRecoveryCodes(session.user.id);
  await recordUserAudit(session.user, "user.recovery_codes_generated", meta, null, { count: codes.length, replaced: true });
  await sendEmail(accountSecurityEmail(session.user.email, "New recovery codes for your account", "A new set of recovery codes was generated for your Switchboard account; the previous codes no longer work."));
  return codes;
}
