import type { Prisma } from "../db/generated/client";
import { db } from "../db/client";
import { log } from "../log/logger";

export const SECURITY_EVENT_TYPES = [
  "rate_limited",
  "sign_in_failed",
  /** A failed sign-in to the operator console (SPEC §11). */
  "staff_sign_in_failed",
  "account_locked",
  "sign_in_blocked_locked",
  "sign_up_blocked",
  "password_reset_blocked",
  "csrf_rejected",
  "invalid_session_token",
  "step_up_failed",
  "authorization_denied",
  "invalid_api_key",
  "api_key_in_query",
  "cors_rejected",
  "invalid_signature",
  /** An outbound request (webhook, URL import) refused by policy: SSRF block, scheme, port (SPEC §8). */
  "outbound_refused",
  /** A knowledge-base upload or import refused by lib/uploads, with its reason (SPEC §8). */
  "upload_rejected",
  /** A member without a second factor refused in a workspace that requires one (SPEC §1). */
  "two_factor_required",
  /** A validly signed passkey assertion whose counter did not increase: a cloned authenticator (decision 029). */
  "passkey_counter_regression",
] as const;

export type SecurityEventType = (typeof SECURITY_EVENT_TYPES)[number];

export interface SecurityEventInput {
  type: SecurityEventType;
  workspaceId?: string | null;
  ip?: string | null;
  userId?: string | null;
  details?: Record<string, unknown>;
}

/** Records a security event. Never throws: a failure to record must not turn into a 500. */
export async function recordSecurityEvent(event: SecurityEventInput): Promise<void> {
  try {
    await db().securityEvent.create({
      data: {
        type: event.type,
        workspaceId: event.workspaceId ?? null,
        ip: event.ip ?? null,
        userId: event.userId ?? null,
        details: (event.details as Prisma.InputJsonValue) ?? undefined,
      },
    });
  } catch (error) {
    log().error({ err: error, type: event.type }, "could not record a security event");
  }
}

const lastRecorded = new Map<string, number>();

/**
 * For floods (rate-limit hits): at most one event per key per interval, so an attack fills
 * no table.
 */
export async function recordSecurityEventCoalesced(
  key: string,
  event: SecurityEventInput,
  intervalMs = 60_000,
  now = Date.now(),
): Promise<void> {
  const last = lastRecorded.get(key);
  if (last !== undefined && now - last < intervalMs) return;
  lastRecorded.set(key, now);
  if (lastRecorded.size > 10_000) {
    for (const [k, t] of lastRecorded) if (now - t >= intervalMs) lastRecorded.delete(k);
  }
  await recordSecurityEvent(event);
}
