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
