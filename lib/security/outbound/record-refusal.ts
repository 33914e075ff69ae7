import "server-only";
import { recordSecurityEvent } from "../../audit/security-events";
import { log } from "../../log/logger";
import { OutboundRefused } from "./errors";

export type OutboundPurpose = "webhook_delivery" | "webhook_endpoint" | "url_import" | (string & {});

export interface OutboundRefusalContext {
  workspaceId?: string | null;
  /** What the request was for: `webhook_delivery`, `webhook_endpoint` (saving a URL), `url_import`, … */
  purpose: OutboundPurpose;
  /** The user who typed the URL, when there is one. */
  userId?: string | null;
  ip?: string | null;
}

/**
 * Records a policy refusal (an SSRF block, a forbidden scheme, port or credentials) as an
 * `outbound_refused` security event (SPEC §7). Network outcomes — timeouts, DNS failures,
 * refused connections — are delivery failures, not attacks, and are not recorded; the
 * function says whether it recorded. The event keeps the host, the reason and the range,
 * never the path or query (they may carry the receiver's own tokens). The refused address
 * goes to the server log only, for operators (decision 014). Never throws.
 */
export async function recordOutboundRefusal(error: unknown, context: OutboundRefusalContext): Promise<boolean> {
  if (!(error instanceof OutboundRefused) || !error.isPolicyRefusal) return false;
  log().warn(
    { reason: error.reason, host: error.host, address: error.address, range: error.range, purpose: context.purpose, workspaceId: context.workspaceId },
    "outbound request refused",
  );
  await recordSecurityEvent({
    type: "outbound_refused",
    workspaceId: context.workspaceId ?? null,
    userId: context.userId ?? null,
    ip: context.ip ?? null,
    details: {
      reason: error.reason,
      purpose: context.purpose,
      ...(error.host ? { host: error.host.slice(0, 253) } : {}),
      ...(error.range ? { range: error.range } : {}),
      message: error.message,
    },
  });
  return true;
}
