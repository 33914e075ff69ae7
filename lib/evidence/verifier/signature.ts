import { createHash, createPublicKey, verify, type KeyObject } from "node:crypto";
import { canonicalJson } from "./canonical-json";
import { SIGNING_CONTEXT, type Ed25519Jwk, type SignedCheckpoint } from "./format";

/**
 * What a checkpoint's signature covers (docs/security/audit-verification.md §3): the context
 * line, then the canonical JSON of `{at, chain, hash, kid, seq}` — the key id is inside, so a
 * signature cannot be passed off as another key's — as UTF-8 bytes. Ed25519 (RFC 8032, pure,
 * no pre-hash) signs these bytes.
 */
export function signingInput(c: Pick<SignedCheckpoint, "at" | "chain" | "hash" | "kid" | "seq">): Buffer {
  return Buffer.from(SIGNING_CONTEXT + canonicalJson({ at: c.at, chain: c.chain, hash: c.hash, kid: c.kid, seq: c.seq }), "utf8");
}

/** RFC 7638 JWK thumbprint of an Ed25519 key (SHA-256 of its required members, base64url): the key's id. */
export function jwkThumbprint(x: string): string {
  return createHash("sha256").update(`{"crv":"Ed25519","kty":"OKP","x":"${x}"}`, "utf8").digest("base64url");
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The public key of a JWK, or why it is not one this verifier accepts. */
export function publicKeyOf(jwk: unknown): { key: KeyObject; kid: string } | { error: string } {
  const j = jwk as Partial<Ed25519Jwk> | null;
  if (!j || typeof j !== "object") return { error: "not a JSON object" };
  if (j.kty !== "OKP" || j.crv !== "Ed25519") return { error: "not an OKP/Ed25519 key" };
  if (typeof j.x !== "string" || !BASE64URL.test(j.x) || Buffer.from(j.x, "base64url").length !== 32) return { error: "x is not 32 bytes of base64url" };
  if (typeof j.kid !== "string") return { error: "no kid" };
  if (j.kid !== jwkThumbprint(j.x)) return { error: "kid is not the key's RFC 7638 thumbprint" };
  return { key: createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: j.x }, format: "jwk" }), kid: j.kid };
}

export function checkpointSignatureValid(c: SignedCheckpoint, key: KeyObject): boolean {
  if (typeof c.signature !== "string" || !BASE64URL.test(c.signature)) return false;
  const signature = Buffer.from(c.signature, "base64url");
  if (signature.length !== 64) return false;
  return verify(null, signingInput(c), key, signature);
}
