import { createHash } from "node:crypto";

/**
 * The RFC 7638 thumbprint of an Ed25519 public key (its `x`), used as the key's `kid` in our
 * JWKS documents (audit checkpoints, webhook signing keys). The offline verifier
 * (lib/evidence/verifier) carries its own copy so it runs with nothing else of ours.
 */
export function jwkThumbprint(x: string): string {
  return createHash("sha256").update(`{"crv":"Ed25519","kty":"OKP","x":"${x}"}`, "utf8").digest("base64url");
}
