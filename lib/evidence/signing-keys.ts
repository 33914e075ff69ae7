import "server-only";
import { createPrivateKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { recordAudit } from "../audit/record";
import { keyProvider } from "../crypto/workspace-keys";
import { db } from "../db/client";
import type { Ed25519Jwk } from "./verifier/format";
import { jwkThumbprint } from "./verifier/signature";

/**
 * The Ed25519 keys that sign audit chain checkpoints (decision 036). The private half is
 * created here, wrapped at once by the key provider (local master key or AWS KMS, like the
 * workspace keys) and never stored or logged in the clear; unwrapped keys are cached in this
 * process only. `kid` is the RFC 7638 thumbprint, so a key's id cannot be attached to
 * another key. Rotation adds a key and retires the others: retired keys sign nothing more
 * but stay published (the database refuses to delete them), so old checkpoints verify.
 */
const WRAP_CONTEXT = (kid: string) => ({ purpose: "audit-checkpoint-signing", kid });

const unwrapped = new Map<string, KeyObject>();

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

async function createSigningKey(): Promise<string> {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const x = publicKey.export({ format: "jwk" }).x!;
  const kid = jwkThumbprint(x);
  const pkcs8 = privateKey.export({ format: "der", type: "pkcs8" });
  const provider = keyProvider();
  await db().auditSigningKey.create({ data: { kid, publicKey: x, privateKeyWrapped: await provider.wrap(pkcs8, WRAP_CONTEXT(kid)), provider: provider.name } });
  unwrapped.set(kid, privateKey);
  return kid;
}

/**
 * The key that signs now: the newest one not retired, created on first use. Asked once per
 * signing run (one indexed read), so a rotation in another process takes effect at the next
 * run. Two processes creating the first key at once make two keys: both are valid and
 * published, and the newer signs from then on.
 */
export async function currentSigningKey(): Promise<SigningKey> {
  const row = await db().auditSigningKey.findFirst({ where: { retiredAt: null }, orderBy: [{ createdAt: "desc" }, { kid: "asc" }], select: { kid: true, privateKeyWrapped: true } });
  const kid = row?.kid ?? (await createSigningKey());
  let privateKey = unwrapped.get(kid);
  if (!privateKey) {
    const der = await keyProvider().unwrap(row!.privateKeyWrapped, WRAP_CONTEXT(kid));
    privateKey = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
    der.fill(0);
    unwrapped.set(kid, privateKey);
  }
  return { kid, privateKey };
}

/**
 * A new signing key, then every other key retired (the new one is the newest, so it signs
 * from the moment it exists), audited on the platform chain. Answers the new kid.
 */
export async function rotateSigningKey(by: string, now = new Date()): Promise<{ kid: string; retired: string[] }> {
  const previous = await db().auditSigningKey.findMany({ where: { retiredAt: null }, select: { kid: true } });
  const kid = await createSigningKey();
  await db().auditSigningKey.updateMany({ where: { retiredAt: null, kid: { not: kid } }, data: { retiredAt: now } });
  const retired = previous.map((k) => k.kid);
  await recordAudit({ actor: { type: "system", label: by }, workspaceId: null }, "audit.signing_key_rotated", { type: "audit_signing_key", id: kid }, { after: { kid, retired } });
  return { kid, retired };
}

/** Every key that ever signed, retired ones included, as a JWKS (RFC 7517; OKP keys of RFC 8037). */
export async function publishedKeySet(): Promise<{ keys: Ed25519Jwk[] }> {
  const rows = await db().auditSigningKey.findMany({ orderBy: [{ createdAt: "asc" }, { kid: "asc" }], select: { kid: true, publicKey: true } });
  return { keys: rows.map((r) => ({ kty: "OKP", crv: "Ed25519", x: r.publicKey, kid: r.kid, alg: "EdDSA", use: "sig" })) };
}

/** Tests: forget the unwrapped keys (a test that swaps the key provider must not sign with a stale one). */
export function forgetSigningKeysForTests(): void {
  unwrapped.clear();
}
