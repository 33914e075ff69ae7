import type { RequestMeta } from "../../audit/context";
import { recordSecurityEvent } from "../../audit/security-events";
import type { ActiveSession } from "../sessions";
import { sealStepUpProof } from "../step-up";
import { recordUserAudit } from "../user-events";
import { countIpFailure } from "../verify-password";
import { checkMemberPasskey } from "./passkey-check";
import { takeChallenge, type TakenChallenge } from "./webauthn-challenge";

/**
 * Sudo mode confirmed with one of the user's own passkeys instead of the password: the
 * assertion must answer a challenge issued to this session for step-up, and come from a
 * passkey of this user (another account's is refused, and a security event). Returns the
 * same sealed proof as confirmPassword; a refusal throws AuthError.
 */
export async function confirmWithPasskey(
  session: ActiveSession,
  responseJSON: string,
  meta: RequestMeta & { challenge?: string | null },
  now = new Date(),
): Promise<string> {
  const binding = { sessionId: session.sessionId, subjectId: session.user.id };
  let taken: TakenChallenge;
  try {
    taken = await takeChallenge(meta.challenge ?? undefined, "step_up", binding, now);
  } catch (error) {
    await countIpFailure(meta);
    await recordSecurityEvent({ type: "step_up_failed", ip: meta.ip, userId: session.user.id, details: { via: "step_up", factor: "passkey", reason: "challenge", session_id: session.sessionId } });
    throw error;
  }
  await checkMemberPasskey(responseJSON, taken, { ...meta, via: "step_up", sessionId: session.sessionId }, { expectedUserId: session.user.id }, now);
  await recordUserAudit(session.user, "user.step_up", meta, { type: "session", id: session.sessionId }, { method: "passkey" });
  return sealStepUpProof(session.sessionId, now);
}
