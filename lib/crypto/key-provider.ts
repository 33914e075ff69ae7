import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Wraps and unwraps workspace keys (SPEC §6). `local`: AES-256-GCM under the master key from
 * MASTER_ENCRYPTION_KEY (generated into DATA_DIR in embedded mode). `aws-kms`: the same
 * interface over AWS KMS, with the workspace id as encryption context.
 */
export interface KeyProvider {
  readonly name: "local" | "aws-kms";
  wrap(key: Buffer, context: Record<string, string>): Promise<string>;
  unwrap(wrapped: string, context: Record<string, string>): Promise<Buffer>;
}

const contextAad = (context: Record<string, string>) =>
  Buffer.from(Object.keys(context).sort().map((k) => `${k}=${context[k]}`).join("&"), "utf8");

export function localKeyProvider(masterKeyBase64: string): KeyProvider {
  const master = Buffer.from(masterKeyBase64, "base64");
  if (master.length !== 32) throw new Error("MASTER_ENCRYPTION_KEY must be 32 bytes, base64-encoded");
  return {
    name: "local",
    async wrap(key, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", master, iv);
      cipher.setAAD(contextAad(context));
      const body = Buffer.concat([cipher.update(key), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
    },
    async unwrap(wrapped, context) {
      const raw = Buffer.from(wrapped, "base64");
      const decipher = createDecipheriv("aes-256-gcm", master, raw.subarray(0, 12));
      decipher.setAAD(contextAad(context));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
    },
  };
}

/** AWS KMS (enterprise plan: a customer-managed key). Loaded only when configured. */
export function awsKmsKeyProvider(keyId: string, region?: string): KeyProvider {
  let client: Promise<{ send: (command: unknown) => Promise<Record<string, unknown>>; sdk: typeof import("@aws-sdk/client-kms") }> | undefined;
  const kms = () =>
    (client ??= import("@aws-sdk/client-kms").then((sdk) => ({ sdk, send: (c: unknown) => new sdk.KMSClient({ region }).send(c as never) as never })));
  return {
    name: "aws-kms",
    async wrap(key, context) {
      const { sdk, send } = await kms();
      const out = await send(new sdk.EncryptCommand({ KeyId: keyId, Plaintext: key, EncryptionContext: context }));
      return Buffer.from(out.CiphertextBlob as Uint8Array).toString("base64");
    },
    async unwrap(wrapped, context) {
      const { sdk, send } = await kms();
      const out = await send(new sdk.DecryptCommand({ KeyId: keyId, CiphertextBlob: Buffer.from(wrapped, "base64"), EncryptionContext: context }));
      return Buffer.from(out.Plaintext as Uint8Array);
    },
  };
}
