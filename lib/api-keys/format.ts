import { createHash, randomInt } from "node:crypto";
import { crc32 } from "node:zlib";

/**
 * Key format (SPEC §3): `sb_{live|test}_{sk|pk}_` + 32 random base62 characters + a
 * 6-character checksum, the CRC-32 (IEEE) of everything before it written in base62
 * (`0-9A-Za-z`, left-padded with 0). A mistyped or made-up key fails the checksum without a
 * database lookup, and secret scanners can recognise the shape.
 */
export const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const KEY_PATTERN = /^sb_(live|test)_(sk|pk)_([0-9A-Za-z]{32})([0-9A-Za-z]{6})$/;

export type KeyMode = "live" | "test";
export type KeyType = "sk" | "pk";

export function base62Checksum(body: string): string {
  let n = crc32(Buffer.from(body, "utf8")) >>> 0;
  let out = "";
  while (n > 0) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out.padStart(6, "0");
}

export function generateKey(mode: KeyMode, type: KeyType): string {
  let random = "";
  for (let i = 0; i < 32; i++) random += BASE62[randomInt(62)];
  const body = `sb_${mode}_${type}_${random}`;
  return body + base62Checksum(body);
}

export interface ParsedKey {
  mode: KeyMode;
  type: KeyType;
  prefix: string;
  last4: string;
}

/** The key's parts if it is well-formed and its checksum matches; null otherwise. */
export function parseKey(key: string): ParsedKey | null {
  if (key.length !== 49) return null;
  const match = KEY_PATTERN.exec(key);
  if (!match) return null;
  const body = key.slice(0, -6);
  if (base62Checksum(body) !== key.slice(-6)) return null;
  return { mode: match[1] as KeyMode, type: match[2] as KeyType, prefix: `sb_${match[1]}_${match[2]}_`, last4: key.slice(-4) };
}

export function hashKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** How a key is shown after creation: `sb_live_sk_…a1b2`. */
export function displayKey(prefix: string, last4: string): string {
  return `${prefix}…${last4}`;
}
