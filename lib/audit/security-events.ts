import type { Prisma } from "../db/generated/client";
import { db } from "../db/client";
import { log } from "../log/logger";
import { registerProcessFlush } from "../core/process-flushes";
import { ambientRequestMeta } from "./ambient-request";

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
  /** A session token with a bad signature, algorithm, issuer or audience, or not a JWT at all (never mere expiry). */
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
  /** clamd is configured but did not answer: the upload was refused, not stored unscanned (SPEC §8). */
  "scanner_unavailable",
  /** A charge refused because the credit balance is exhausted (SPEC §7 "quota breaches"). */
  "quota_exceeded",
  /** A member without a second factor refused in a workspace that requires one (SPEC §1). */
  "two_factor_required",
  /** A validly signed passkey assertion whose counter did not increase: a cloned authenticator (decision 029). */
  "passkey_counter_regression",
  /** A valid API key used from outside its IP allowlist (decision 041); shown to the key's workspace. */
  "ip_not_allowed",
  /** A key of ours reported leaked by a secret-scanning partner (GitHub), revoked at once (decision 042). */
  "api_key_leaked",
  /** A web widget session refused (SPEC §14), with details.reason; coalesced per IP and reason. */
  "widget_refused",
  /** An IP put on a workspace's blocklist for 24 h after too many widget refusals (decision 047). */
  "ip_auto_blocked",
  /** A widget session token that does not verify, or names another session (SPEC §14). */
  "invalid_widget_token",
] as const;

export type SecurityEventType = (typeof SECURITY_EVENT_TYPES)[number];

export interface SecurityEventInput {
  type: SecurityEventType;
  workspaceId?: string | null;
  ip?: string | null;
  userId?: string | null;
  details?: Record<string, unknown>;
  /** The request's X-Request-Id and User-Agent; taken from Next's request scope when not given. */
  requestId?: string | null;
  userAgent?: string | null;
  /** Occurrences this row stands for (coalesced floods); 1 otherwise. */
  count?: number;
  occurredAt?: Date;
}

/** The request fields of a RequestMeta-like value; what it lacks is left to the request scope. */
export const requestFieldsOf = (meta: { ip?: string | null; userAgent?: string | null; requestId?: string | null } | null | undefined) => ({
  ip: meta?.ip ?? null,
  userAgent: meta?.userAgent ?? undefined,
  requestId: meta?.requestId ?? undefined,
});

/** Records a security event. Never throws: a failure to record must not turn into a 500. */
export async function recordSecurityEvent(event: SecurityEventInput): Promise<void> {
  try {
    const ambient = event.requestId === undefined || event.userAgent === undefined ? await ambientRequestMeta() : null;
    await db().securityEvent.create({
      data: {
        type: event.type,
        workspaceId: event.workspaceId ?? null,
        ip: event.ip?.slice(0, 64) ?? null,
        userId: event.userId ?? null,
        details: (event.details as Prisma.InputJsonValue) ?? undefined,
        requestId: (event.requestId === undefined ? ambient?.requestId : event.requestId)?.slice(0, 64) ?? null,
        userAgent: (event.userAgent === undefined ? ambient?.userAgent : event.userAgent)?.slice(0, 512) ?? null,
        count: event.count ?? 1,
        ...(event.occurredAt ? { occurredAt: event.occurredAt } : {}),
      },
    });
  } catch (error) {
    log().error({ err: error, type: event.type }, "could not record a security event");
  }
}


/**
 * Coalescing (decision 034). security_events is append-only, so a flood cannot be one row
 * whose count is bumped: instead the first occurrence of a key in a window is written at
 * once (count 1, so it is visible immediately), the rest are only counted here, and when the
 * window closes one more row is written with `count` = the occurrences it stands for and
 * `details.coalesced` = { first_at, last_at }. The key always includes the type, workspace,
 * IP and reason, whatever the caller passes. A crash loses at most one window of counts per
 * key (the first occurrence is already stored); start-up's shutdown flushes what is open.
 * Per process: several instances each write their own rows, which only adds rows.
 */
interface CoalesceWindow {
  openedAt: number;
  intervalMs: number;
  firstSuppressedAt: number;
  lastAt: number;
  suppressed: number;
  /** The latest suppressed occurrence: its request id, user agent and details are the row's. */
  event: SecurityEventInput;
  timer: NodeJS.Timeout | null;
}

const windows = new Map<string, CoalesceWindow>();
const MAX_WINDOWS = 10_000;

const reasonOf = (event: SecurityEventInput): string => {
  const d = event.details ?? {};
  const reason = d.reason ?? d.policy ?? d.kind ?? "";
  return typeof reason === "string" ? reason : JSON.stringify(reason);
};

const coalesceKey = (key: string, event: SecurityEventInput) =>
  [key, event.type, event.workspaceId ?? "", event.ip ?? "", reasonOf(event)].join("\u001f");

async function closeWindow(key: string, window: CoalesceWindow): Promise<void> {
  if (windows.get(key) === window) windows.delete(key);
  if (window.timer) clearTimeout(window.timer);
  if (window.suppressed === 0) return;
  await recordSecurityEvent({
    ...window.event,
    count: window.suppressed,
    occurredAt: new Date(window.lastAt),
    details: {
      ...window.event.details,
      coalesced: { first_at: new Date(window.firstSuppressedAt).toISOString(), last_at: new Date(window.lastAt).toISOString(), window_seconds: Math.round(window.intervalMs / 1000) },
    },
  });
}

/**
 * For floods (rate-limit hits, bad keys, forged tokens): one row at the first occurrence and
 * one row with the count of the rest when the window closes, so an attack fills no table
 * and loses no count.
 */
export async function recordSecurityEventCoalesced(
  key: string,
  event: SecurityEventInput,
  intervalMs = 60_000,
  now = Date.now(),
): Promise<void> {
  const full = coalesceKey(key, event);
  const open = windows.get(full);
  if (open && now - open.openedAt < open.intervalMs) {
    if (open.suppressed === 0) open.firstSuppressedAt = now;
    open.suppressed += 1;
    open.lastAt = now;
    // The request id and user agent of the latest occurrence, resolved now (the window closes outside any request).
    const ambient = event.requestId === undefined || event.userAgent === undefined ? await ambientRequestMeta() : null;
    open.event = { ...event, requestId: event.requestId ?? ambient?.requestId ?? null, userAgent: event.userAgent ?? ambient?.userAgent ?? null };
    return;
  }
  if (open) await closeWindow(full, open);
  if (windows.size >= MAX_WINDOWS) {
    const [oldestKey, oldest] = windows.entries().next().value as [string, CoalesceWindow];
    await closeWindow(oldestKey, oldest);
  }
  const window: CoalesceWindow = { openedAt: now, intervalMs, firstSuppressedAt: now, lastAt: now, suppressed: 0, event, timer: null };
  window.timer = setTimeout(() => void closeWindow(full, window), intervalMs);
  window.timer.unref();
  windows.set(full, window);
  await recordSecurityEvent(event);
}

/** Writes every open window's count now (shutdown; tests). */
export async function flushCoalescedSecurityEvents(): Promise<void> {
  for (const [key, window] of [...windows]) await closeWindow(key, window);
}

// This copy's open windows are written at shutdown too (lib/core/process-flushes.ts).
registerProcessFlush(flushCoalescedSecurityEvents);
