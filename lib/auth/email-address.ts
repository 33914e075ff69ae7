import { createHash } from "node:crypto";
import { z } from "zod";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "Use at most 254 characters.")
  .pipe(z.email("Enter a valid email address."));

/** Canonical form for lookups: trimmed and lower-cased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Stable key for an address in throttles and security events (no plain addresses there). */
export function emailKey(email: string): string {
  return createHash("sha256").update(`email:${normaliseEmail(email)}`).digest("hex");
}
