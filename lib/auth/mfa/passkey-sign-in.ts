import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { recordSecurityEvent } from "../../audit/security-events";
import { AppError } from "../../core/errors";
import type { KnownDevice } from "../device-cookie";
import { createSession, type ClientInfo } from "../sessions";
import type { SignedIn, SignInMethod } from "../sign-in";
import { db } from "../../db/client";
import { recordUserAudit } from "../user-events";
import { countIpFailure } from "../verify-password";
import { checkMemberPasskey } from "./passkey-check";
import { openPendingSignIn } from "./pending";
import { authenticationOptions } from "./passkey-options";
import { challengeCookie, takeChallenge, type TakenChallenge } from "./webauthn-challenge";

export type PasskeySignInClient = ClientInfo & {
  requestId?: string | null;
  device?: KnownDevice | null;
  /** The sealed challenge cookie of the ceremony (lib/auth/cookies.ts `webauthn`). */
  challenge?: string | null;
};

/**
 * Signs in with a passkey alone (SPEC §1: a passkey with user verification signs in on its
 * own): the browser's assertion (JSON) against the challenge its cookie holds, through
 * checkMemberPasskey (the sign-in throttles, lockout and events of a password). Opens a
 * session exactly as `authenticate` does. With `expectedUserId` it is the second step after
 * a password: the challenge must have been issued for that user and the passkey be theirs.
 * A refusal throws AuthError (`passkey_failed`, `locked`, `rate_limited`, `email_unverified`).
 */
export async function signInWithPasskey(responseJSON: string, client: PasskeySignInClient, options: { expectedUserId?: string } = {}, now = new Date()): Promise<SignedIn> {
  const expectedUserId = options.expectedUserId ?? null;
  let taken: TakenChallenge;
  try {
    taken = await takeChallenge(client.challenge ?? undefined, expectedUserId ? "second_step" : "sign_in", { subjectId: expectedUserId }, now);
  } catch (error) {
    // No challenge of ours, or a stale one: an attempt all the same, counted like one.
    await countIpFailure(client);
    await recordSecurityEvent({ type: "sign_in_failed", ip: client.ip, userId: expectedUserId, details: { via: "sign_in", factor: "passkey", reason: "challenge" } });
    throw error;
  }
  const user = await checkMemberPasskey(responseJSON, taken, { ...client, via: "sign_in" }, { expectedUserId }, now);
  const session = await createSession(user.id, client, now);
  await db().user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
  const method: SignInMethod = expectedUserId ? "password+passkey" : "passkey";
  await recordUserAudit(user, "user.signed_in", { ip: client.ip, userAgent: client.userAgent, requestId: client.requestId }, { type: "session", id: session.sessionId }, { method });
  return { user, ...session };
}

/**
 * The options of a sign-in ceremony and the challenge cookie to set: discoverable (no
 * account named: the authenticator offers its passkeys for this site), or, for the second
 * step, the passkeys of the user whose password this browser typed (its pending note), or
 * the operator console's sign-in (discoverable, a challenge only the console accepts).
 */
export async function passkeySignInOptions(
  step: "alone" | "second" | "console",
  pendingNote: string | null | undefined,
  browser: { userAgent?: string | null },
): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; cookie: ReturnType<typeof challengeCookie> }> {
  let userId: string | null = null;
  if (step === "second") {
    userId = await openPendingSignIn(pendingNote, browser);
    if (!userId) throw new AppError("UNAUTHENTICATED", "Your sign-in took too long. Enter your email and password again.");
  }
  const purpose = step === "console" ? "staff_sign_in" : userId ? "second_step" : "sign_in";
  const { options, sealed } = await authenticationOptions(purpose, { userId });
  return { options, cookie: challengeCookie(sealed) };
}
