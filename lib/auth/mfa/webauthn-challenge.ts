import { randomBytes } from "node:crypto";
import { sealData, unsealData } from "iron-session";
import { config } from "../../config";
import { cookieNames, cookieOptions } from "../cookies";
import { AuthError } from "../errors";

/** A ceremony lasts at most 5 minutes (the browser's own timeout is the same). */
export const CHALLENGE_TTL_SECONDS = 5 * 60;

/** What a challenge was issued for; a challenge of one purpose is worthless for another. */
export type CeremonyPurpose = "register" | "sign_in" | "second_step" | "step_up" | "staff_register" | "staff_sign_in";

/**
 * What a challenge is bound to besides its purpose: the session it was issued in (registration
 * and step-up), and the account it is meant for (a second step, the console's accounts).
 */
export interface CeremonyBinding {
  sessionId?: string | null;
  subjectId?: string | null;
}

interface SealedChallenge {
  c: string;
  p: CeremonyPurpose;
  sid: string | null;
  sub: string | null;
  at: number;
}

/** A challenge taken from its cookie: the value the browser must have signed, and when it was issued. */
export interface TakenChallenge {
  challenge: string;
  issuedAt: Date;
}

const password = () => config().secrets.IRON_SESSION_PASSWORD!;

/**
 * A fresh challenge (32 random bytes, base64url) and its sealed cookie value. No server-side
 * row: the cookie is the state (decision 029). Single use is enforced where it is spent:
 * a registration stores a credential id only once, an assertion moves the credential's
 * lastUsedAt past the challenge's issue time (lib/auth/mfa/passkey-assertion.ts).
 */
export async function issueChallenge(purpose: CeremonyPurpose, binding: CeremonyBinding = {}, now = new Date()): Promise<{ challenge: string; sealed: string }> {
  const challenge = randomBytes(32).toString("base64url");
  const payload: SealedChallenge = { c: challenge, p: purpose, sid: binding.sessionId ?? null, sub: binding.subjectId ?? null, at: now.getTime() };
  return { challenge, sealed: await sealData(payload, { password: password(), ttl: CHALLENGE_TTL_SECONDS }) };
}

/**
 * The challenge of a sealed cookie, if it was issued for this purpose and binding in the
 * last 5 minutes; otherwise AuthError("passkey_failed"). A missing binding in the cookie
 * never matches a present one, and the reverse.
 */
export async function takeChallenge(sealed: string | undefined, purpose: CeremonyPurpose, binding: CeremonyBinding = {}, now = new Date()): Promise<TakenChallenge> {
  if (!sealed) throw new AuthError("passkey_failed");
  let payload: Partial<SealedChallenge>;
  try {
    payload = await unsealData<Partial<SealedChallenge>>(sealed, { password: password(), ttl: CHALLENGE_TTL_SECONDS });
  } catch {
    throw new AuthError("passkey_failed");
  }
  const age = now.getTime() - (payload.at ?? Number.NaN);
  const fresh = age >= 0 && age <= CHALLENGE_TTL_SECONDS * 1000;
  const bound = payload.p === purpose && payload.sid === (binding.sessionId ?? null) && payload.sub === (binding.subjectId ?? null);
  if (!fresh || !bound || typeof payload.c !== "string") throw new AuthError("passkey_failed");
  return { challenge: payload.c, issuedAt: new Date(payload.at!) };
}

/** The challenge cookie: HttpOnly, SameSite=Lax, 5 minutes (cleared by whoever spends it). */
export function challengeCookie(sealed: string) {
  return { name: cookieNames().webauthn, value: sealed, options: cookieOptions(CHALLENGE_TTL_SECONDS) };
}
