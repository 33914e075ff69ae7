import "server-only";
import { randomBytes } from "node:crypto";

/**
 * Webhook signing secrets (SPEC §4): `whsec_` + 32 random bytes in base64url (43 characters,
 * no padding). The whole string, prefix included, is the HMAC key — the same convention as
 * Stripe's `whsec_…` secrets, so receivers (and Stripe's SDK) use the value exactly as shown.
 * Stored encrypted and shown once; that is the caller's job, not this module's.
 */
export const WEBHOOK_SECRET_PREFIX = "whsec_";
export const WEBHOOK_SECRET_PATTERN = /^whsec_[A-Za-z0-9_-]{43}$/;

export function generateWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(32).toString("base64url");
}

export function isWebhookSecret(value: string): boolean {
  return WEBHOOK_SECRET_PATTERN.test(value);
}

/**
 * The HMAC key of the `standard` scheme (Standard Webhooks 1.0): the secret's 32 random bytes,
 * i.e. the base64url after `whsec_`, decoded. The default scheme keys with the whole string.
 */
export function standardWebhooksKey(secret: string): Buffer {
  if (!isWebhookSecret(secret)) throw new TypeError("not a whsec_ secret");
  return Buffer.from(secret.slice(WEBHOOK_SECRET_PREFIX.length), "base64url");
}

/**
 * The same secret as Standard Webhooks libraries (`standardwebhooks`, `svix`, in every
 * language) take it: `whsec_` + the 32 bytes in standard, padded base64. Those libraries
 * decode strictly and refuse base64url's `-` and `_` (or, in Python, silently drop them), so
 * a `standard` receiver is given this form; both name the same key.
 */
export function standardWebhooksSecret(secret: string): string {
  return WEBHOOK_SECRET_PREFIX + standardWebhooksKey(secret).toString("base64");
}
