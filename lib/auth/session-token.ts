import { importPKCS8, importSPKI, jwtVerify, SignJWT, type CryptoKey } from "jose";
import { config } from "../config";

/**
 * Session tokens: RS256 JWTs (jose) carrying the user (`sub`) and the server-side session
 * row (`sid`). Verification accepts RS256 only, so HS256 tokens forged with the public key
 * and `alg: none` tokens are refused by construction.
 */
const ALG = "RS256";
const AUDIENCE = "switchboard:session";

let keys: Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }> | undefined;

function signingKeys() {
  keys ??= (async () => {
    const { SESSION_SIGNING_PRIVATE_KEY, SESSION_SIGNING_PUBLIC_KEY } = config().secrets;
    return {
      privateKey: await importPKCS8(SESSION_SIGNING_PRIVATE_KEY!, ALG),
      publicKey: await importSPKI(SESSION_SIGNING_PUBLIC_KEY!, ALG),
    };
  })();
  return keys;
}

export interface SessionClaims {
  sub: string;
  sid: string;
  /** Expiry, unix seconds (present on verified tokens). */
  exp?: number;
}

export async function signSessionToken(claims: SessionClaims, expiresAt: Date, now = new Date()): Promise<string> {
  const { privateKey } = await signingKeys();
  return new SignJWT({ sid: claims.sid })
    .setProtectedHeader({ alg: ALG, typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(config().APP_URL)
    .setAudience(AUDIENCE)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(privateKey);
}

/**
 * Why a token was refused. `expired` is ordinary (a session outlived its token); every other
 * reason means the token was not one we issued as it stands — forged, altered, signed with
 * another key or algorithm, meant for another audience — and is a security event.
 */
export type SessionTokenRefusal = "expired" | "signature" | "algorithm" | "audience" | "issuer" | "claims" | "malformed";

export type SessionTokenCheck = { ok: true; claims: SessionClaims } | { ok: false; reason: SessionTokenRefusal };

function refusalOf(error: unknown): SessionTokenRefusal {
  const e = error as { code?: string; claim?: string };
  switch (e?.code) {
    case "ERR_JWT_EXPIRED":
      return "expired";
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return "signature";
    case "ERR_JOSE_ALG_NOT_ALLOWED":
    case "ERR_JOSE_NOT_SUPPORTED":
      return "algorithm";
    case "ERR_JWT_CLAIM_VALIDATION_FAILED":
      return e.claim === "aud" ? "audience" : e.claim === "iss" ? "issuer" : "claims";
    default:
      return "malformed";
  }
}

/** Verifies a token and says why it was refused. */
export async function checkSessionToken(token: string, now = new Date()): Promise<SessionTokenCheck> {
  if (!token || token.length > 4096) return { ok: false, reason: "malformed" };
  try {
    const { publicKey } = await signingKeys();
    const { payload } = await jwtVerify(token, publicKey, {
      algorithms: [ALG],
      issuer: config().APP_URL,
      audience: AUDIENCE,
      currentDate: now,
    });
    if (typeof payload.sub !== "string" || typeof payload.sid !== "string") return { ok: false, reason: "claims" };
    return { ok: true, claims: { sub: payload.sub, sid: payload.sid, exp: payload.exp } };
  } catch (error) {
    return { ok: false, reason: refusalOf(error) };
  }
}

/** The claims of a valid token, or null for anything else (bad signature, alg, expiry…). */
export async function verifySessionToken(token: string, now = new Date()): Promise<SessionClaims | null> {
  const check = await checkSessionToken(token, now);
  return check.ok ? check.claims : null;
}

export function resetSessionKeysForTests(): void {
  keys = undefined;
}
