import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { config } from "../config";
import { currentWorkspaceKey, workspaceKey } from "../crypto/workspace-keys";

/**
 * Short-lived signed recording URLs (SPEC §5, decision 011). The URL itself is the
 * authorisation — an <audio> element sends no API key — so it names everything it grants
 * and is signed over all of it:
 *
 *   /api/recordings/<callId>?w=<workspaceId>&exp=<unix seconds>&sig=<base64url>
 *   sig = HMAC-SHA256(K_w, "<path>\n<exp>\n<workspaceId>")
 *
 * K_w is derived with HKDF from the workspace's token key (which never rotates, so a URL
 * never dies early because of a rotation) under its own label, so it is per-workspace and
 * unrelated to the caller-search tokens made with the same root key.
 */

export const RECORDING_URL_TTL_SECONDS = 60;
/** How far in the future an `exp` may lie beyond the TTL (other instances' clocks). */
const CLOCK_SKEW_SECONDS = 30;

// Exactly what we sign: lower-case UUIDs, plain decimal seconds, 32-byte base64url MACs.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EXP = /^[1-9][0-9]{0,11}$/;
const SIG = /^[A-Za-z0-9_-]{43}$/;

export type RecordingUrlFailure = "malformed" | "expired" | "invalid_signature";

export class RecordingUrlError extends Error {
  constructor(readonly reason: RecordingUrlFailure) {
    super(`recording URL refused: ${reason}`);
    this.name = "RecordingUrlError";
  }
}

export function recordingPath(callId: string): string {
  return `/api/recordings/${callId}`;
}

async function signature(workspaceId: string, callId: string, exp: string, purpose: "sign" | "verify"): Promise<string> {
  // Verifying never creates a key (token keys never rotate: version 1 is the key), so a
  // made-up URL costs one read and writes nothing.
  const key = purpose === "sign" ? (await currentWorkspaceKey(workspaceId, "token")).key : await workspaceKey(workspaceId, "token", 1);
  const urlKey = Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), "recording-url", 32));
  return createHmac("sha256", urlKey).update(`${recordingPath(callId)}\n${exp}\n${workspaceId}`, "utf8").digest("base64url");
}

/**
 * A URL for one call's recording, valid for 60 seconds from `now`. `url` is a path: the
 * dashboard's <audio> uses it as is (same origin, whatever host name the browser used);
 * an API answer read by another server should pass it through `absoluteUrl`.
 */
export async function signRecordingUrl(
  target: { workspaceId: string; callId: string },
  now: Date = new Date(),
): Promise<{ url: string; expires_at: string }> {
  const { workspaceId, callId } = target;
  if (!UUID.test(workspaceId) || !UUID.test(callId)) throw new Error("signRecordingUrl: ids must be lower-case UUIDs");
  const exp = String(Math.floor(now.getTime() / 1000) + RECORDING_URL_TTL_SECONDS);
  const sig = await signature(workspaceId, callId, exp, "sign");
  const query = new URLSearchParams({ w: workspaceId, exp, sig });
  return { url: `${recordingPath(callId)}?${query}`, expires_at: new Date(Number(exp) * 1000).toISOString() };
}

/**
 * Checks a request for `/api/recordings/<callId>`: the workspace the URL grants, or a
 * RecordingUrlError. Cheap checks (shape, expiry) come before any key is loaded, so junk
 * costs no database work; the MAC is compared as text in constant time (comparing decoded
 * bytes would accept a changed final base64 character whose low bits are padding).
 */
export async function verifyRecordingUrl(
  callId: string,
  params: URLSearchParams,
  now: Date = new Date(),
): Promise<{ workspaceId: string }> {
  const single = (name: string) => {
    const values = params.getAll(name);
    return values.length === 1 ? values[0] : null;
  };
  const workspaceId = single("w");
  const exp = single("exp");
  const sig = single("sig");
  if (!UUID.test(callId) || !workspaceId || !UUID.test(workspaceId) || !exp || !EXP.test(exp) || !sig || !SIG.test(sig)) {
    throw new RecordingUrlError("malformed");
  }
  const expMs = Number(exp) * 1000;
  if (expMs <= now.getTime()) throw new RecordingUrlError("expired");
  // We never sign further ahead than the TTL: a later exp can only be forged.
  if (expMs > now.getTime() + (RECORDING_URL_TTL_SECONDS + CLOCK_SKEW_SECONDS) * 1000) {
    throw new RecordingUrlError("invalid_signature");
  }
  // An unknown workspace has no key: the same answer as a wrong signature.
  const expected = await signature(workspaceId, callId, exp, "verify").catch(() => null);
  if (!expected || !timingSafeEqual(Buffer.from(sig, "utf8"), Buffer.from(expected, "utf8"))) {
    throw new RecordingUrlError("invalid_signature");
  }
  return { workspaceId };
}

/**
 * `APP_URL` + path. No such helper existed in lib/ (other modules inline
 * `${config().APP_URL}/…`). APP_URL is always set (it defaults to http://localhost:PORT) and
 * is the public origin, so API answers for other servers can carry absolute recording URLs.
 */
export function absoluteUrl(path: string): string {
  if (!path.startsWith("/") || path.startsWith("//")) throw new Error("absoluteUrl: expected an absolute path");
  return `${config().APP_URL}${path}`;
}
