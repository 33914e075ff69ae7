import {
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { relyingParty } from "./webauthn-rp";
import type { TakenChallenge } from "./webauthn-challenge";

/**
 * The WebAuthn checks shared by members' and staff passkeys (decision 029): user
 * verification required, the origin and RP id of APP_URL, the challenge of the ceremony's
 * cookie, and the counter policy. Callers add the throttles, events and audit of their kind.
 */

/** A browser's credential JSON is small; anything larger is not one. */
const MAX_RESPONSE_CHARS = 16_000;

/** A stored credential, members' or staff's alike. */
export interface StoredCredential {
  id: string;
  ownerId: string;
  credentialId: string;
  publicKey: Uint8Array;
  counter: bigint;
  transports: string[];
}

/** Where one kind of credential lives (passkeys, staff_passkeys). */
export interface CredentialStore {
  find(credentialId: string): Promise<StoredCredential | null>;
  /**
   * Records a use, only if the row still holds `credential.counter` and was not used since
   * `issuedAt`: the second spend of a challenge (or of a counter value) finds no row.
   */
  claim(credential: StoredCredential, counter: number, backedUp: boolean, issuedAt: Date, now: Date): Promise<boolean>;
}

export type AssertionRefusal = "malformed" | "unknown_credential" | "other_account" | "invalid_assertion" | "counter_regression" | "replayed";

export type AssertionOutcome = { ok: true; credential: StoredCredential } | { ok: false; reason: AssertionRefusal; credential: StoredCredential | null };

function parseJson<T extends { id?: unknown; response?: unknown }>(json: string): T | null {
  if (typeof json !== "string" || json.length === 0 || json.length > MAX_RESPONSE_CHARS) return null;
  try {
    const value = JSON.parse(json) as T;
    const shaped = value && typeof value === "object" && typeof value.id === "string" && value.id.length <= 1400 && typeof value.response === "object";
    return shaped ? value : null;
  } catch {
    return null;
  }
}

/** What every ceremony must show: our challenge, origin and RP id, and a verified user. */
function expectations(taken: TakenChallenge) {
  const rp = relyingParty();
  return { expectedChallenge: taken.challenge, expectedOrigin: rp.origin, expectedRPID: rp.id, requireUserVerification: true };
}

/** A browser's assertion JSON, shape-checked, or null. */
export function parseAssertion(json: string): AuthenticationResponseJSON | null {
  return parseJson<AuthenticationResponseJSON>(json);
}

/**
 * Synced passkeys report 0 for ever; anything else must grow. 0 → 0 is accepted, any value
 * not above a non-zero stored one is refused (a clone of the authenticator, or a replay).
 */
export function counterAccepted(stored: bigint, received: number): boolean {
  return (stored === 0n && received === 0) || BigInt(received) > stored;
}

/**
 * Verifies an assertion of `credential` (found by the caller, who checks whose it is): the
 * signature, UV flag, origin, RP id and challenge hold, the counter grows, and the use is
 * recorded once. The library's own counter check is left off (stored counter passed as 0)
 * so that a regression is judged only on a validly signed assertion: then it means a cloned
 * key, not a forged request.
 */
export async function verifyAssertion(
  store: CredentialStore,
  credential: StoredCredential,
  response: AuthenticationResponseJSON,
  taken: TakenChallenge,
  now = new Date(),
): Promise<AssertionOutcome> {
  let info;
  try {
    const result = await verifyAuthenticationResponse({
      response,
      ...expectations(taken),
      credential: { id: credential.credentialId, publicKey: new Uint8Array(credential.publicKey), counter: 0, transports: credential.transports },
    });
    if (!result.verified) return { ok: false, reason: "invalid_assertion", credential };
    info = result.authenticationInfo;
  } catch {
    return { ok: false, reason: "invalid_assertion", credential };
  }
  if (!counterAccepted(credential.counter, info.newCounter)) return { ok: false, reason: "counter_regression", credential };
  if (!(await store.claim(credential, info.newCounter, info.credentialBackedUp, taken.issuedAt, now))) return { ok: false, reason: "replayed", credential };
  return { ok: true, credential };
}

/** A verified new credential, ready to store. */
export interface NewCredential {
  credentialId: string;
  publicKey: Uint8Array<ArrayBuffer>;
  counter: bigint;
  transports: string[];
  deviceType: "singleDevice" | "multiDevice";
  backedUp: boolean;
}

/** Verifies a registration (attestation "none" accepted; UV required), or null. */
export async function verifyRegistration(json: string, taken: TakenChallenge): Promise<NewCredential | null> {
  const response = parseJson<RegistrationResponseJSON>(json);
  if (!response) return null;
  try {
    const result = await verifyRegistrationResponse({
      response,
      ...expectations(taken),
    });
    if (!result.verified) return null;
    const { credential, credentialDeviceType, credentialBackedUp } = result.registrationInfo;
    return {
      credentialId: credential.id,
      publicKey: new Uint8Array(credential.publicKey),
      counter: BigInt(credential.counter),
      transports: (credential.transports ?? response.response.transports ?? []).slice(0, 8),
      deviceType: credentialDeviceType,
      backedUp: credentialBackedUp,
    };
  } catch {
    return null;
  }
}

/** What a passkey is called when its owner gives no name. */
export function defaultPasskeyName(credential: Pick<NewCredential, "deviceType" | "transports">): string {
  if (credential.deviceType === "multiDevice") return "Synced passkey";
  if (credential.transports.some((t) => t === "usb" || t === "nfc" || t === "ble")) return "Security key";
  return "Device passkey";
}

/** A passkey's name: trimmed, 1–64 characters (empty: the default), or null when too long. */
export function passkeyNameOf(input: string | null | undefined, fallback: string): string | null {
  const name = (input ?? "").replace(/\s+/g, " ").trim();
  if (name.length > 64) return null;
  return name || fallback;
}
