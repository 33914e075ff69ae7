import { recordSecurityEventCoalesced } from "../audit/security-events";
import { requestMeta } from "./request-meta";
import type { SessionTokenRefusal } from "./session-token";

/** Who sent the request being handled, from Next's request scope (null outside one). */
async function currentClient(): Promise<{ ip: string; userAgent: string | null; requestId: string | null } | null> {
  try {
    const { headers } = await import("next/headers");
    return requestMeta(await headers());
  } catch {
    return null;
  }
}

/**
 * A session cookie that is not a token we issued as it stands (SPEC §7 "invalid session
 * tokens"): forged, altered, another algorithm or audience. Never its value (it may be a
 * real token of someone else's, tampered). Coalesced per IP and reason: a rotation of the
 * signing keys turns every browser's cookie into one, and a forger can send thousands.
 * `client` is the caller's when it has one (next-auth's callbacks do not): else the request's.
 */
export async function recordInvalidSessionToken(
  reason: Exclude<SessionTokenRefusal, "expired">,
  client?: { ip?: string | null; userAgent?: string | null; requestId?: string | null },
): Promise<void> {
  const scope = client?.ip ? null : await currentClient();
  await recordSecurityEventCoalesced("session-token", {
    type: "invalid_session_token",
    ip: client?.ip ?? scope?.ip ?? null,
    userAgent: client?.userAgent ?? scope?.userAgent ?? null,
    requestId: client?.requestId ?? scope?.requestId ?? null,
    details: { reason },
  });
}
