import { randomBytes } from "node:crypto";
import { config } from "../config";
import { db } from "../db/client";
import { awsKmsKeyProvider, localKeyProvider, type KeyProvider } from "./key-provider";

export type KeyPurpose = "data" | "token";

const CACHE_MS = 5 * 60_000;
const cache = new Map<string, { key: Buffer; version: number; at: number }>();

let provider: KeyProvider | undefined;

export function keyProvider(): KeyProvider {
  if (!provider) {
    const c = config();
    provider = c.AWS_KMS_KEY_ID ? awsKmsKeyProvider(c.AWS_KMS_KEY_ID, c.AWS_REGION) : localKeyProvider(c.secrets.MASTER_ENCRYPTION_KEY!);
  }
  return provider;
}

/** Tests: use this provider (and forget cached keys). */
export function useKeyProviderForTests(p: KeyProvider | undefined): void {
  provider = p;
  cache.clear();
}

const context = (workspaceId: string, purpose: KeyPurpose) => ({ workspace: workspaceId, purpose });

async function unwrapRow(row: { workspaceId: string; purpose: string; version: number; wrappedKey: string }) {
  return keyProvider().unwrap(row.wrappedKey, context(row.workspaceId, row.purpose as KeyPurpose));
}

/** A specific version of a workspace key (to decrypt what it encrypted). */
export async function workspaceKey(workspaceId: string, purpose: KeyPurpose, version: number): Promise<Buffer> {
  const id = `${workspaceId}:${purpose}:${version}`;
  const hit = cache.get(id);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.key;
  const row = await db().dataKey.findUnique({ where: { workspaceId_purpose_version: { workspaceId, purpose, version } } });
  if (!row) throw new Error(`no ${purpose} key v${version} for workspace`);
  const key = await unwrapRow(row);
  cache.set(id, { key, version, at: Date.now() });
  return key;
}

/** The newest key of a purpose, created (v1) on first use. */
export async function currentWorkspaceKey(workspaceId: string, purpose: KeyPurpose): Promise<{ key: Buffer; version: number }> {
  const id = `${workspaceId}:${purpose}:current`;
  const hit = cache.get(id);
  if (hit && Date.now() - hit.at < CACHE_MS) return { key: hit.key, version: hit.version };
  let row = await db().dataKey.findFirst({ where: { workspaceId, purpose, retiredAt: null }, orderBy: { version: "desc" } });
  if (!row) {
    row = await createKey(workspaceId, purpose, 1).catch(async (error) => {
      // Another request created v1 first: use theirs.
      const existing = await db().dataKey.findFirst({ where: { workspaceId, purpose }, orderBy: { version: "desc" } });
      if (!existing) throw error;
      return existing;
    });
  }
  const key = await unwrapRow(row);
  cache.set(id, { key, version: row.version, at: Date.now() });
  return { key, version: row.version };
}

async function createKey(workspaceId: string, purpose: KeyPurpose, version: number) {
  const key = randomBytes(32);
  return db().dataKey.create({
    data: { workspaceId, purpose, version, provider: keyProvider().name, wrappedKey: await keyProvider().wrap(key, context(workspaceId, purpose)) },
  });
}

/**
 * Rotates a workspace's data key: new writes use the new version; ciphertexts name the
 * version they were made with, so old data stays readable. Token keys never rotate.
 */
export async function rotateDataKey(workspaceId: string): Promise<number> {
  const latest = await db().dataKey.findFirst({ where: { workspaceId, purpose: "data" }, orderBy: { version: "desc" } });
  const next = (latest?.version ?? 0) + 1;
  await createKey(workspaceId, "data", next);
  for (const k of cache.keys()) if (k.startsWith(`${workspaceId}:data:`)) cache.delete(k);
  return next;
}
