import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { currentWorkspaceKey, workspaceKey } from "./workspace-keys";

/**
 * Field encryption (SPEC §6): AES-256-GCM under the workspace's current data key. The
 * authenticated data binds each ciphertext to its workspace, column and row, so a
 * ciphertext copied into another row, column or workspace fails to decrypt.
 * Format: `v1.<key version>.<iv>.<ciphertext+tag>` (base64url parts).
 */
export interface FieldBinding {
  workspaceId: string;
  column: string;
  rowId: string;
}

const aad = (b: FieldBinding) => Buffer.from(`${b.workspaceId}|${b.column}|${b.rowId}`, "utf8");

export async function encryptField(binding: FieldBinding, plaintext: Buffer | string): Promise<string> {
  const { key, version } = await currentWorkspaceKey(binding.workspaceId, "data");
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(aad(binding));
  const body = Buffer.concat([cipher.update(typeof plaintext === "string" ? Buffer.from(plaintext, "utf8") : plaintext), cipher.final(), cipher.getAuthTag()]);
  return `v1.${version}.${iv.toString("base64url")}.${body.toString("base64url")}`;
}

export class DecryptionError extends Error {
  constructor() {
    super("ciphertext does not decrypt under this binding");
    this.name = "DecryptionError";
  }
}

export async function decryptField(binding: FieldBinding, sealed: string): Promise<Buffer> {
  // Exactly four parts: v1.<key version>.<iv>.<ciphertext and tag>.
  const [format, version, iv, sealedBody, ...extra] = sealed.split(".");
  if (format !== "v1" || version === undefined || iv === undefined || sealedBody === undefined || extra.length > 0 || !/^\d+$/.test(version)) {
    throw new DecryptionError();
  }
  const key = await workspaceKey(binding.workspaceId, "data", Number(version)).catch(() => {
    throw new DecryptionError();
  });
  const body = Buffer.from(sealedBody, "base64url");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(aad(binding));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
  } catch {
    throw new DecryptionError();
  }
}

export async function decryptText(binding: FieldBinding, sealed: string): Promise<string> {
  return (await decryptField(binding, sealed)).toString("utf8");
}
