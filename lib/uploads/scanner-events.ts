import "server-only";
import { recordSecurityEventCoalesced, requestFieldsOf } from "../audit/security-events";
import type { Principal } from "../authz/principal";
import { userIdOf } from "../authz/principal";
import { log } from "../log/logger";

/**
 * clamd is configured but did not answer, so an upload was refused rather than stored
 * unscanned (SPEC §8, decision 018). Not an attack, but a security control out of service:
 * a `scanner_unavailable` event in the workspace whose upload failed (its owners see why),
 * coalesced per workspace (every upload fails while clamd is down), and a warning in the log
 * for the operator. `detail` names the clamd target and the failure, never the file.
 */
export async function recordScannerUnavailable(actor: Principal, detail: string | undefined): Promise<void> {
  log().warn({ workspaceId: actor.workspace.id, detail }, "virus scanner unavailable: upload refused");
  await recordSecurityEventCoalesced(`scanner:${actor.workspace.id}`, {
    type: "scanner_unavailable",
    workspaceId: actor.workspace.id,
    userId: userIdOf(actor),
    ...requestFieldsOf(actor.meta),
    details: { reason: "scanner_unavailable", ...(detail ? { detail: detail.slice(0, 200) } : {}) },
  });
}
