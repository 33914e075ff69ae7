import { recordSecurityEvent } from "../../audit/security-events";
import { db } from "../../db/client";
import { AuthError } from "../errors";
import { countIpFailure, guardedCheck, type PasswordCheckMeta } from "../verify-password";
import { memberPasskeys } from "./passkey-store";
import type { TakenChallenge } from "./webauthn-challenge";
import { parseAssertion, verifyAssertion, type AssertionRefusal } from "./webauthn-verify";

export type PasskeyCheckMeta = PasswordCheckMeta;

export interface PasskeyOwner {
  id: string;
  email: string;
  name: string;
}

/**
 * A member's passkey assertion with the defences every credential check meets
 * (guardedCheck, SPEC §1: every second-factor check shares the throttles): the per-IP
 * failure allowance, the account's lockout (or the device's own) taken before the signature
 * is checked, security events with the refusal's reason, and behind a session its
 * revocation after repeated failures. A counter that did not grow is also
 * `passkey_counter_regression`. `expectedUserId` (second step, step-up): the passkey must be
 * that user's, and a failure counts against that user.
 *
 * A credential nobody holds names no account: it counts against the IP alone.
 */
export async function checkMemberPasskey(
  json: string,
  taken: TakenChallenge,
  meta: PasskeyCheckMeta,
  options: { expectedUserId?: string | null } = {},
  now = new Date(),
): Promise<PasskeyOwner> {
  const response = parseAssertion(json);
  const credential = response ? await memberPasskeys.find(response.id) : null;
  const userId = options.expectedUserId ?? credential?.ownerId ?? null;
  if (!response || !userId) {
    await countIpFailure(meta);
    await recordSecurityEvent({ type: meta.via === "sign_in" ? "sign_in_failed" : "step_up_failed", ip: meta.ip, details: { via: meta.via, factor: "passkey", reason: response ? "unknown_credential" : "malformed" } });
    throw new AuthError("passkey_failed");
  }
  const user = await db().user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, name: true } });
  let reason: AssertionRefusal = "unknown_credential";
  await guardedCheck(
    user,
    meta,
    {
      factor: "passkey",
      wrong: "passkey_failed",
      failureDetails: () => ({ reason }),
      verify: async () => {
        if (!credential) return false;
        if (credential.ownerId !== user.id) {
          reason = "other_account";
          return false;
        }
        const outcome = await verifyAssertion(memberPasskeys, credential, response, taken, now);
        if (outcome.ok) return true;
        reason = outcome.reason;
        if (reason === "counter_regression") {
          await recordSecurityEvent({ type: "passkey_counter_regression", ip: meta.ip, userId: user.id, details: { passkey_id: credential.id, stored_counter: credential.counter.toString(), via: meta.via } });
        }
        return false;
      },
    },
    now,
  );
  return user;
}
