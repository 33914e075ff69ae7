import { ambientRequestMeta } from "../audit/ambient-request";
import { recordSecurityEventCoalesced } from "../audit/security-events";
import type { SessionTokenRefusal } from "./session-token";

/**
 * A session cookie that is not a token we issued as it stands (SPEC §7 "invalid session
 * tokens"): forged, altered, another algorithm or audience. Never its value (it may be a
 * real token of someone else's, tampered). Coalesced per IP and reason: a rotation of the
 * signing keys turns every browser's cookie into one, and a forger can send thousands.
 */
export async function recordInvalidSessionToken(
  reason: Exclude<SessionTokenRefusal, "expired">,
  client?: { ip?: string | null; userAgent?: string | null; requestId?: string | null },
): Promise<void> {
  const ambient = client?.ip ? null : await ambientRequestMeta();
  const ip = client?.ip ?? ambient?.ip ?? null;
  await recordSecurityEventCoalesced("session-token", {
    type: "invalid_session_token",
    ip,
    userAgent: client?.userAgent ?? ambient?.userAgent ?? null,
    requestId: client?.requestId ?? ambient?.requestId ?? null,
    details: { reason },
  });
}
