import { sealData, unsealData } from "iron-session";
import { config } from "../config";
import { recordSecurityEvent } from "../audit/security-events";
import { db } from "../db/client";
import { StepUpRequired } from "./errors";
import { verifyPassword } from "./passwords";
import type { ActiveSession } from "./sessions";
import { recordUserAudit } from "./user-events";

/** SPEC §1: sensitive actions need a password re-entry within the last 10 minutes. */
export const STEP_UP_TTL_SECONDS = 10 * 60;

interface StepUpProof {
  sid: string;
  at: number;
}

const password = () => config().secrets.IRON_SESSION_PASSWORD!;

/**
 * Re-checks the password of the signed-in user; on success returns the sealed proof to set
 * as the step-up cookie. The proof names the session, so it is worthless in any other.
 */
export async function confirmPassword(
  session: ActiveSession,
  input: string,
  meta: { ip?: string | null; userAgent?: string | null },
  now = new Date(),
): Promise<string | null> {
  const user = await db().user.findUnique({ where: { id: session.user.id }, select: { passwordHash: true } });
  if (!user || !(await verifyPassword(user.passwordHash, input))) {
    await recordSecurityEvent({ type: "step_up_failed", ip: meta.ip, userId: session.user.id });
    return null;
  }
  await recordUserAudit(session.user, "user.step_up", meta, { type: "session", id: session.sessionId });
  return sealData({ sid: session.sessionId, at: now.getTime() } satisfies StepUpProof, {
    password: password(),
    ttl: STEP_UP_TTL_SECONDS,
  });
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
