import { sealData, unsealData } from "iron-session";
import { config } from "../config";
import { StepUpRequired } from "./errors";
import type { ActiveSession } from "./sessions";
import { recordUserAudit } from "./user-events";
import { verifyUserPassword } from "./verify-password";

/** SPEC §1: sensitive actions need a password re-entry within the last 10 minutes. */
export const STEP_UP_TTL_SECONDS = 10 * 60;

interface StepUpProof {
  sid: string;
  at: number;
}

const password = () => config().secrets.IRON_SESSION_PASSWORD!;

/**
 * Re-checks the password of the signed-in user through verifyUserPassword (the sign-in's
 * throttles, lockout and events; repeated failures revoke the session); on success returns
 * the sealed proof to set as the step-up cookie. The proof names the session, so it is
 * worthless in any other. A refusal throws AuthError.
 */
export async function confirmPassword(
  session: ActiveSession,
  input: string,
  meta: { ip?: string | null; userAgent?: string | null; requestId?: string | null },
  now = new Date(),
): Promise<string> {
  await verifyUserPassword(session.user, input, { ...meta, via: "step_up", sessionId: session.sessionId }, now);
  await recordUserAudit(session.user, "user.step_up", meta, { type: "session", id: session.sessionId });
  return sealStepUpProof(session.sessionId, now);
}

/** The step-up cookie's value for this session, once a factor was confirmed (password here, a passkey in lib/auth/mfa/passkey-step-up.ts). */
export function sealStepUpProof(sessionId: string, now = new Date()): Promise<string> {
  return sealData({ sid: sessionId, at: now.getTime() } satisfies StepUpProof, { password: password(), ttl: STEP_UP_TTL_SECONDS });
}

/** Seconds of step-up left for this session (0 when none). */
export async function stepUpSecondsLeft(session: ActiveSession, sealed: string | undefined, now = new Date()): Promise<number> {
  if (!sealed) return 0;
  try {
    const proof = await unsealData<Partial<StepUpProof>>(sealed, { password: password(), ttl: STEP_UP_TTL_SECONDS });
    if (proof.sid !== session.sessionId || typeof proof.at !== "number") return 0;
    const left = STEP_UP_TTL_SECONDS - Math.floor((now.getTime() - proof.at) / 1000);
    return Math.max(0, Math.min(STEP_UP_TTL_SECONDS, left));
  } catch {
    return 0;
  }
}

/** Throws StepUpRequired unless the session re-entered its password in the last 10 minutes. */
export async function requireRecentAuth(session: ActiveSession, sealed: string | undefined, now = new Date()): Promise<void> {
  if ((await stepUpSecondsLeft(session, sealed, now)) <= 0) throw new StepUpRequired();
}
