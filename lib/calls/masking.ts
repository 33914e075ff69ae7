import { createHmac } from "node:crypto";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { AppError } from "../core/errors";
import { currentWorkspaceKey } from "../crypto/workspace-keys";

/**
 * Caller masking (SPEC §5). A caller's number is kept only as a keyed token for equality
 * search and a display form; the full number is never persisted when masking is on.
 */

/** E.164 for a caller number, or null when it is not a valid number. */
export function toE164(input: string, defaultCountry?: string): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry as never);
  return parsed && parsed.isValid() ? parsed.number : null;
}

export function requireE164(input: string): string {
  const e164 = toE164(input);
  if (!e164) throw new AppError("VALIDATION_FAILED", "Not a valid phone number in E.164 form.", { details: [{ field: "number", issue: "invalid" }] });
  return e164;
}

/** `+234 *** *** 789`: the country calling code and the last three digits only. */
export function maskedDisplay(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  const code = parsed?.countryCallingCode ?? e164.replace(/^\+/, "").slice(0, 1);
  return `+${code} *** *** ${e164.slice(-3)}`;
}

/**
 * The search token: HMAC-SHA256 of the E.164 number under the workspace's token key (which
 * never rotates). Equal numbers give equal tokens within a workspace and unrelated tokens
 * across workspaces; the number cannot be recovered without the key.
 */
export async function callerToken(workspaceId: string, e164: string): Promise<string> {
  const { key } = await currentWorkspaceKey(workspaceId, "token");
  return createHmac("sha256", key).update(e164, "utf8").digest("base64url");
}
