import { recordSecurityEvent, recordSecurityEventCoalesced } from "../../audit/security-events";
import { db } from "../../db/client";
import { isKnownDevice, type KnownDevice } from "../device-cookie";
import { emailKey } from "../email-address";
import { AuthError } from "../errors";
import { clearLoginFailures, takeLoginAttempt } from "../lockout";
import type { ClientInfo } from "../sessions";
import { assertIpAllowance, countIpFailure } from "../verify-password";
import { memberPasskeys } from "./passkey-store";
import type { TakenChallenge } from "./webauthn-challenge";
import { parseAssertion, verifyAssertion, type AssertionRefusal, type StoredCredential } from "./webauthn-verify";

export type PasskeyCheckMeta = ClientInfo & { requestId?: string | null; device?: KnownDevice | null } & (
    | { via: "sign_in" }
    | { via: "step_up"; sessionId: string }
  );

export interface PasskeyOwner {
  id: string;
  email: string;
  name: string;
}

/**
 * A member's passkey assertion with the sign-in defences a password meets (SPEC §1: every
 * second-factor check shares the throttles): behind a session the per-IP allowance is
 * checked (the gate checks it for credentials POSTs); every refusal counts one failure for
 * the IP; the account's lockout (or the device's own, decision 026) is taken before the
 * signature is checked and cleared by a success; each refusal is a security event
 * (`sign_in_failed` or `step_up_failed`, method "passkey", with the reason), and a counter
 * that did not grow is also `passkey_counter_regression`.
 *
 * Unlike a password, a failed assertion reveals nothing to guess, so failures behind a
 * session do not revoke it (SESSION_PASSWORD_FAILURE_LIMIT is about password oracles).
 */
export async function checkMemberPasskey(
  json: string,
  taken: TakenChallenge,
  meta: PasskeyCheckMeta,
  options: { expectedUserId?: string | null } = {},
  now = new Date(),
): Promise<PasskeyOwner> {
  const sessionId = meta.via === "step_up" ? meta.sessionId : null;
  if (sessionId) await assertIpAllowance(meta);
  const refuse = async (reason: AssertionRefusal | "locked", credential: StoredCredential | null, userId: string | null): Promise<never> => {
    await countIpFailure(meta);
    if (reason === "counter_regression" && credential) {
      await recordSecurityEvent({ type: "passkey_counter_regression", ip: meta.ip, userId, details: { passkey_id: credential.id, stored_counter: credential.counter.toString(), via: meta.via } });
    }
    if (reason !== "locked") {
      await recordSecurityEvent({
        type: sessionId ? "step_up_failed" : "sign_in_failed",
        ip: meta.ip,
        userId,
        details: { method: "passkey", reason, via: meta.via, ...(sessionId ? { session_id: sessionId } : {}) },
      });
    }
    throw new AuthError(reason === "locked" ? "locked" : "passkey_failed");
  };

  const response = parseAssertion(json);
  const credential = response ? await memberPasskeys.find(response.id) : null;
  if (!response || !credential) return refuse(response ? "unknown_credential" : "malformed", null, options.expectedUserId ?? null);
  // Another account's passkey: refused before anything touches that account's lock.
  if (options.expectedUserId && credential.ownerId !== options.expectedUserId) return refuse("other_account", credential, options.expectedUserId);

  const user = await db().user.findUniqueOrThrow({ where: { id: credential.ownerId }, select: { id: true, email: true, name: true, passwordChangedAt: true } });
  const device = isKnownDevice(meta.device, user.id) ? meta.device.id : null;
  const attempt = await takeLoginAttempt(user.email, now, { device, since: user.passwordChangedAt });
  if (attempt.lockedUntil) {
    await recordSecurityEventCoalesced(`locked:${emailKey(user.email)}:${meta.ip}`, {
      type: "sign_in_blocked_locked",
      ip: meta.ip,
      userId: user.id,
      details: { email_hash: emailKey(user.email), via: meta.via, method: "passkey", known_device: device !== null },
    });
    return refuse("locked", credential, user.id);
  }
  const outcome = await verifyAssertion(memberPasskeys, credential, response, taken, now);
  if (outcome.ok) {
    await clearLoginFailures(user.email, { device });
    return { id: user.id, email: user.email, name: user.name };
  }
  if (attempt.locksIfWrong) {
    await recordSecurityEvent({
      type: "account_locked",
      ip: meta.ip,
      userId: user.id,
      details: { email_hash: emailKey(user.email), via: meta.via, method: "passkey", known_device: device !== null, locked_until: attempt.locksIfWrong.toISOString() },
    });
  }
  return refuse(outcome.reason, credential, user.id);
}
