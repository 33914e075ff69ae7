import type { KeyObject } from "node:crypto";
import { publicKeyOf } from "./signature";

export interface KeySet {
  keys: Map<string, KeyObject>;
  /** Entries that are not usable keys, by position and reason. */
  rejected: string[];
}

/** The Ed25519 keys of a JWKS (`{"keys": [...]}`), by kid; anything else is listed as rejected, never used. */
export function readKeySet(jwks: unknown): KeySet {
  const keys = new Map<string, KeyObject>();
  const rejected: string[] = [];
  const list = (jwks as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list)) return { keys, rejected: ["not a JWKS: no \"keys\" array"] };
  list.forEach((jwk, i) => {
    const key = publicKeyOf(jwk);
    if ("error" in key) rejected.push(`key #${i + 1}: ${key.error}`);
    else keys.set(key.kid, key.key);
  });
  return { keys, rejected };
}
