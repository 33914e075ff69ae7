import { generateAuthenticationOptions, generateRegistrationOptions } from "@simplewebauthn/server";
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { db } from "../../db/client";
import { CHALLENGE_TTL_SECONDS, issueChallenge, type CeremonyPurpose } from "./webauthn-challenge";
import { relyingParty } from "./webauthn-rp";

const TIMEOUT_MS = CHALLENGE_TTL_SECONDS * 1000;

/** The library takes a string challenge as UTF-8 text; ours is base64url bytes, so it gets the bytes (and sends them back as the same base64url). */
const challengeBytes = (challenge: string) => new Uint8Array(Buffer.from(challenge, "base64url"));

/** An account to register a passkey for (members and staff alike). */
export interface PasskeyAccount {
  id: string;
  email: string;
  name: string;
}

/**
 * Options for `navigator.credentials.create` and the sealed challenge cookie: a discoverable
 * credential (residentKey required, so it signs in without an email), user verification
 * required, no attestation asked (decision 029), and the account's existing credentials
 * excluded so one authenticator is not registered twice.
 */
export async function registrationOptions(
  account: PasskeyAccount,
  existing: { credentialId: string; transports: string[] }[],
  purpose: Extract<CeremonyPurpose, "register" | "staff_register">,
  binding: { sessionId?: string | null },
): Promise<{ options: PublicKeyCredentialCreationOptionsJSON; sealed: string }> {
  const rp = relyingParty();
  const { challenge, sealed } = await issueChallenge(purpose, { sessionId: binding.sessionId ?? null, subjectId: account.id });
  const options = await generateRegistrationOptions({
    rpName: purpose === "staff_register" ? `${rp.name} operator console` : rp.name,
    rpID: rp.id,
    userName: account.email,
    userDisplayName: account.name,
    userID: new TextEncoder().encode(account.id),
    challenge: challengeBytes(challenge),
    timeout: TIMEOUT_MS,
    attestationType: "none",
    excludeCredentials: existing.map((c) => ({ id: c.credentialId, transports: c.transports })),
    authenticatorSelection: { residentKey: "required", requireResidentKey: true, userVerification: "required" },
  });
  return { options, sealed };
}

/** A member's registration options, bound to the session asking (sudo mode is the caller's). */
export async function memberRegistrationOptions(session: { sessionId: string; user: PasskeyAccount }) {
  const existing = await db().passkey.findMany({ where: { userId: session.user.id }, select: { credentialId: true, transports: true } });
  return registrationOptions(session.user, existing, "register", { sessionId: session.sessionId });
}

/**
 * Options for `navigator.credentials.get` and the sealed challenge cookie. Discoverable
 * sign-in (`sign_in`, `staff_sign_in`) lists no credentials: the authenticator offers the
 * ones it holds for this RP. A second step or step-up names the account's own credentials
 * and binds the challenge to that account (and to the session, for step-up).
 */
export async function authenticationOptions(
  purpose: Exclude<CeremonyPurpose, "register" | "staff_register">,
  binding: { sessionId?: string | null; userId?: string | null } = {},
): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; sealed: string }> {
  const userId = binding.userId ?? null;
  const { challenge, sealed } = await issueChallenge(purpose, { sessionId: binding.sessionId ?? null, subjectId: userId });
  const allow = userId && (purpose === "second_step" || purpose === "step_up") ? await db().passkey.findMany({ where: { userId }, select: { credentialId: true, transports: true } }) : [];
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().id,
    challenge: challengeBytes(challenge),
    timeout: TIMEOUT_MS,
    userVerification: "required",
    allowCredentials: allow.map((c) => ({ id: c.credentialId, transports: c.transports })),
  });
  return { options, sealed };
}
