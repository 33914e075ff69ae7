import "server-only";
import { createPrivateKey, sign, type KeyObject } from "node:crypto";
import { importSPKI, jwtVerify, type CryptoKey } from "jose";
import { config } from "../config";

/**
 * Widget session tokens (SPEC §14, decision 046): ES256 JWTs, 10 minutes, naming the
 * session (`sub`), its widget (`wid`) and workspace (`ws`). Verification accepts ES256 and
 * this audience only, so a dashboard session token (RS256) or an `alg: none` token is
 * refused by construction. A message extends nothing: the widget asks for a new session
 * when its token runs out.
 *
 * Signing is node:crypto's synchronous ECDSA (the JWS compact form is two base64url parts and
 * a P-1363 signature, RFC 7515/7518): a session start is on a public hot path, and WebCrypto's
 * asynchronous job costs more than the signature itself. Verifying stays with jose, so a token
 * this signs is checked by the same library and rules as any other.
 */
const ALG = "ES256";
const AUDIENCE = "switchboard:widget-session";
export const WIDGET_TOKEN_TTL_SECONDS = 10 * 60;
const HEADER = Buffer.from(JSON.stringify({ alg: ALG, typ: "JWT" })).toString("base64url");

// Imported once per process (a failed import is retried on the next call).
let keys: Promise<{ privateKey: KeyObject; publicKey: CryptoKey }> | undefined;

function signingKeys() {
  keys ??= (async () => {
    const { WIDGET_TOKEN_PRIVATE_KEY, WIDGET_TOKEN_PUBLIC_KEY } = config().secrets;
    if (!WIDGET_TOKEN_PRIVATE_KEY || !WIDGET_TOKEN_PUBLIC_KEY) throw new Error("WIDGET_TOKEN_PRIVATE_KEY / WIDGET_TOKEN_PUBLIC_KEY are not configured");
    const privateKey = createPrivateKey(WIDGET_TOKEN_PRIVATE_KEY);
    if (privateKey.asymmetricKeyType !== "ec" || privateKey.asymmetricKeyDetails?.namedCurve !== "prime256v1") throw new Error("WIDGET_TOKEN_PRIVATE_KEY is not a P-256 key");
    return { privateKey, publicKey: await importSPKI(WIDGET_TOKEN_PUBLIC_KEY, ALG) };
  })();
  keys.catch(() => (keys = undefined));
  return keys;
}

export interface WidgetTokenClaims {
  sessionId: string;
  widgetId: string;
  workspaceId: string;
}

export async function signWidgetToken(claims: WidgetTokenClaims, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const { privateKey } = await signingKeys();
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = new Date((issuedAt + WIDGET_TOKEN_TTL_SECONDS) * 1000);
  const payload = { wid: claims.widgetId, ws: claims.workspaceId, sub: claims.sessionId, iss: config().APP_URL, aud: AUDIENCE, iat: issuedAt, exp: issuedAt + WIDGET_TOKEN_TTL_SECONDS };
  const input = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;
  const signature = sign("sha256", Buffer.from(input), { key: privateKey, dsaEncoding: "ieee-p1363" });
  return { token: `${input}.${signature.toString("base64url")}`, expiresAt };
}

export type WidgetTokenCheck = { ok: true; claims: WidgetTokenClaims; expiresAt: Date } | { ok: false; reason: "expired" | "invalid" };

/** Verifies a bearer token; `expired` is ordinary, `invalid` is forged or not ours (a security event). */
export async function verifyWidgetToken(token: string, now: Date): Promise<WidgetTokenCheck> {
  const { publicKey } = await signingKeys();
  try {
    const { payload } = await jwtVerify(token, publicKey, {
      algorithms: [ALG],
      audience: AUDIENCE,
      issuer: config().APP_URL,
      currentDate: now,
      requiredClaims: ["sub", "exp", "wid", "ws"],
    });
    if (typeof payload.sub !== "string" || typeof payload.wid !== "string" || typeof payload.ws !== "string") return { ok: false, reason: "invalid" };
    return { ok: true, claims: { sessionId: payload.sub, widgetId: payload.wid, workspaceId: payload.ws }, expiresAt: new Date(payload.exp! * 1000) };
  } catch (error) {
    return { ok: false, reason: (error as { code?: string }).code === "ERR_JWT_EXPIRED" ? "expired" : "invalid" };
  }
}
