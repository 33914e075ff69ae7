import { acceptedWrappedStep, newTotp as newWrappedTotp, type NewTotp } from "../crypto/totp";

/**
 * The second factor of staff sign-in (decision 019): TOTP through lib/crypto/totp, the code
 * path members use too. A staff code is accepted one step either side of now (operators
 * sign in from their own, time-synced devices), and never twice.
 */
const ISSUER = "Switchboard operator console";
const WINDOW = { back: 1, ahead: 1 };

const context = (staffId: string) => ({ purpose: "staff_totp", staff: staffId });

export type { NewTotp };
export { currentCode } from "../crypto/totp";

/** A new secret for an account (from `base32` when given: the demo's known secret). */
export function newTotp(staffId: string, email: string, base32?: string): Promise<NewTotp> {
  return newWrappedTotp({ context: context(staffId), issuer: ISSUER, label: email }, base32);
}

/** The step of `code` when it is valid for this account now and newer than `lastStep`; otherwise null. */
export function acceptedStep(
  account: { id: string; email: string; totpSecretWrapped: string | null; totpLastStep: bigint | null },
  code: string,
  now = Date.now(),
): Promise<bigint | null> {
  return acceptedWrappedStep(account.totpSecretWrapped, context(account.id), code, now, WINDOW, account.totpLastStep);
}
