import { createPublicKey, createVerify, type KeyObject } from "node:crypto";
import { config } from "../../config";

/**
 * GitHub's secret-scanning partner signature (decision 042): ECDSA P-256 with SHA-256, DER
 * encoded, base64, over the raw request body, in `Github-Public-Key-Signature`; the key that
 * made it is named by `Github-Public-Key-Identifier` and looked up among the public keys
 * configured in SECRET_SCANNING_PUBLIC_KEYS (GitHub publishes theirs). Nothing in the body
 * is read before this check passes.
 */
export type SignatureRefusal = "unsigned" | "malformed_signature" | "unknown_key" | "bad_signature";

export const KEY_ID_HEADER = "github-public-key-identifier";
export const SIGNATURE_HEADER = "github-public-key-signature";

let cache: { source: unknown; keys: Map<string, KeyObject> } | undefined;

/** The configured keys by identifier, parsed once per configuration; null when none are configured. */
export function signingKeys(): Map<string, KeyObject> | null {
  const configured = config().SECRET_SCANNING_PUBLIC_KEYS;
  if (!configured) return null;
  if (cache?.source !== configured) {
    const keys = new Map<string, KeyObject>();
    for (const { keyIdentifier, pem } of configured) {
      try {
        const key = createPublicKey(pem);
        // Only P-256 keys sign these reports; anything else configured by mistake verifies nothing.
        if (key.asymmetricKeyType === "ec" && key.asymmetricKeyDetails?.namedCurve === "prime256v1") keys.set(keyIdentifier, key);
      } catch {
        // A key that does not parse is skipped: reports it signed are refused as unknown_key.
      }
    }
    cache = { source: configured, keys };
  }
  return cache.keys;
}

const BASE64 = /^[A-Za-z0-9+/]{40,200}={0,2}$/;

export function verifyReportSignature(body: Buffer, keyId: string | null, signature: string | null, keys: Map<string, KeyObject>): SignatureRefusal | null {
  if (!keyId || !signature) return "unsigned";
  const sig = signature.trim();
  if (!BASE64.test(sig)) return "malformed_signature";
  const key = keys.get(keyId.trim());
  if (!key) return "unknown_key";
  try {
    return createVerify("SHA256").update(body).verify({ key, dsaEncoding: "der" }, Buffer.from(sig, "base64")) ? null : "bad_signature";
  } catch {
    return "bad_signature";
  }
}
