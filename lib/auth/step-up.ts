import { sealData, unsealData } from "iron-session";
import { config } from "../config";
import { AuthError, StepUpRequired } from "./errors";
import { hasSecondFactor } from "./mfa/factors";
import { verifySecondFactor } from "./mfa/second-factor";
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
 * worthless in any other. A refusal throws AuthError. A user with a second factor confirms
 * with it instead (SPEC §1): their password alone is refused (`mfa_required`), unchecked.
 */
export async function confirmPassword(
  session: ActiveSession,
  input: string,
  meta: { ip?: string | null; userAgent?: string | null; requestId?: string | null },
  now = new Date(),
): Promise<string> {
  if (await hasSecondFactor(session.user.id)) throw new AuthError("mfa_required");
  await verifyUserPassword(session.user, input, { ...meta, via: "step_up", sessionId: session.sessionId }, now);
  await recordUserAudit(session.user, "user.step_up", meta, { type: "session", id: session.sessionId });
  return sealStepUpProof(session.sessionId, now);
}

/**
 * Sudo mode for a user with a second factor: a TOTP code or an unused recovery code, checked
 * like a password (verifySecondFactor: lockout, throttles, events, and the session revoked
 * after repeated failures). Passkeys: lib/auth/mfa/passkey-step-up.ts.
 */
export async function confirmSecondFactor(
  session: ActiveSession,
  code: string,
  meta: { ip?: string | null; userAgent?: string | null; requestId?: string | null },
  now = new Date(),
): Promise<string> {
  const factor = await verifySecondFactor(session.user, code, { ...meta, via: "step_up", sessionId: session.sessionId }, now);
  await recordUserAudit(session.user, "user.step_up", meta, { type: "session", id: session.sessionId }, { method: factor });
  return sealStepUpProof(session.sessionId, now);
}

/** The sealed proof of a step-up in this session, whatever confirmed it. */
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
