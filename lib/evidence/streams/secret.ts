import "server-only";
import { decryptText, encryptField } from "../../crypto/envelope";
import { keyProvider } from "../../crypto/workspace-keys";

/**
 * A stream's secret (HTTPS signing secret, HEC token, Datadog API key, S3 secret key) at rest
 * (decision 038). A workspace's is sealed like a webhook secret: AES-256-GCM under the
 * workspace's data key, bound to the stream's row, so it dies with the workspace's keys. The
 * platform's streams have no workspace key: their secret is wrapped by the key provider
 * itself (local master key or KMS), with the stream's id as the context. Either way the
 * plaintext exists only in the worker while it sends, and is never returned or logged.
 */
const COLUMN = "evidence_stream_secret";
const PLATFORM_PREFIX = "kp1.";

export interface SecretOwner {
  id: string;
  workspaceId: string | null;
}

const platformContext = (streamId: string) => ({ scope: "platform", column: COLUMN, row: streamId });

export async function sealStreamSecret(owner: SecretOwner, secret: string): Promise<string> {
  if (owner.workspaceId) return encryptField({ workspaceId: owner.workspaceId, column: COLUMN, rowId: owner.id }, secret);
  return PLATFORM_PREFIX + (await keyProvider().wrap(Buffer.from(secret, "utf8"), platformContext(owner.id)));
}

export async function openStreamSecret(owner: SecretOwner, sealed: string): Promise<string> {
  if (owner.workspaceId) return decryptText({ workspaceId: owner.workspaceId, column: COLUMN, rowId: owner.id }, sealed);
  if (!sealed.startsWith(PLATFORM_PREFIX)) throw new Error("a platform stream's secret is not provider-wrapped");
  return (await keyProvider().unwrap(sealed.slice(PLATFORM_PREFIX.length), platformContext(owner.id))).toString("utf8");
}

/** The secret's last four characters, to tell two secrets apart on the dashboard. */
export const lastFourOf = (secret: string) => secret.slice(-4);

/** Removes every occurrence of the secret from text a receiver sent back (an error echoing a header). */
export function redactSecret(text: string, secret: string): string {
  return secret.length >= 4 ? text.split(secret).join("[redacted]") : text;
}
