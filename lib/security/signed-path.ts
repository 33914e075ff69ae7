import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { currentWorkspaceKey, workspaceKey } from "../crypto/workspace-keys";

/**
 * Short-lived signed URLs for one object of one workspace (recordings, knowledge-base
 * documents; decision 011). The URL itself is the authorisation — a browser fetching it
 * sends no API key — so it names everything it grants and is signed over all of it:
 *
 *   <path>?w=<workspaceId>&exp=<unix seconds>&sig=<base64url>
 *   sig = HMAC-SHA256(K_w,kind, "<path>\n<exp>\n<workspaceId>")
 *
 * K_w,kind is derived with HKDF from the workspace's token key (which never rotates, so a
 * URL never dies early because of a rotation) under a label per kind, so a recording URL's
 * signature is worth nothing on a document path and the other way round.
 */

export const SIGNED_URL_TTL_SECONDS = 60;
/** How far in the future an `exp` may lie beyond the TTL (other instances' clocks). */
const CLOCK_SKEW_SECONDS = 30;

// Exactly what we sign: lower-case UUIDs, plain decimal seconds, 32-byte base64url MACs.
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EXP = /^[1-9][0-9]{0,11}$/;
const SIG = /^[A-Za-z0-9_-]{43}$/;

export type SignedUrlFailure = "malformed" | "expired" | "invalid_signature";

export class SignedUrlError extends Error {
  constructor(readonly reason: SignedUrlFailure) {
    super(`signed URL refused: ${reason}`);
    this.name = "SignedUrlError";
  }
}

async function signature(label: string, workspaceId: string, path: string, exp: string, purpose: "sign" | "verify"): Promise<string> {
  // Verifying never creates a key (token keys never rotate: version 1 is the key), so a
  // made-up URL costs one read and writes nothing.
  const key = purpose === "sign" ? (await currentWorkspaceKey(workspaceId, "token")).key : await workspaceKey(workspaceId, "token", 1);
  const urlKey = Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), label, 32));
  return createHmac("sha256", urlKey).update(`${path}\n${exp}\n${workspaceId}`, "utf8").digest("base64url");
}

/** A URL for `path` (one object of `workspaceId`), valid for 60 seconds from `now`. */
export async function signPath(label: string, workspaceId: string, path: string, now: Date): Promise<{ url: string; expires_at: string }> {
  if (!UUID.test(workspaceId)) throw new Error("signPath: the workspace id must be a lower-case UUID");
  const exp = String(Math.floor(now.getTime() / 1000) + SIGNED_URL_TTL_SECONDS);
  const sig = await signature(label, workspaceId, path, exp, "sign");
  const query = new URLSearchParams({ w: workspaceId, exp, sig });
  return { url: `${path}?${query}`, expires_at: new Date(Number(exp) * 1000).toISOString() };
}

/**
 * Checks a request for `path`: the workspace the URL grants, or a SignedUrlError. Cheap
 * checks (shape, expiry) come before any key is loaded, so junk costs no database work; the
 * MAC is compared as text in constant time (comparing decoded bytes would accept a changed
 * final base64 character whose low bits are padding).
 */
export async function verifyPath(label: string, path: string, params: URLSearchParams, now: Date): Promise<{ workspaceId: string }> {
  const single = (name: string) => {
    const values = params.getAll(name);
    return values.length === 1 ? values[0] : null;
  };
  const workspaceId = single("w");
  const exp = single("exp");
  const sig = single("sig");
  if (!workspaceId || !UUID.test(workspaceId) || !exp || !EXP.test(exp) || !sig || !SIG.test(sig)) {
    throw new SignedUrlError("malformed");
  }
  const expMs = Number(exp) * 1000;
  if (expMs <= now.getTime()) throw new SignedUrlError("expired");
  // We never sign further ahead than the TTL: a later exp can only be forged.
  if (expMs > now.getTime() + (SIGNED_URL_TTL_SECONDS + CLOCK_SKEW_SECONDS) * 1000) {
    throw new SignedUrlError("invalid_signature");
  }
  // An unknown workspace has no key: the same answer as a wrong signature.
  const expected = await signature(label, workspaceId, path, exp, "verify").catch(() => null);
  if (!expected || !timingSafeEqual(Buffer.from(sig, "utf8"), Buffer.from(expected, "utf8"))) {
    throw new SignedUrlError("invalid_signature");
  }
  return { workspaceId };
}
