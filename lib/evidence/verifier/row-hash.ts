import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json";
import type { ExportedRow } from "./format";

/**
 * A row's hash (docs/security/audit-verification.md §2): SHA-256, lowercase hex, of the
 * previous row's hash, a newline, and the canonical JSON of the row's fifteen covered
 * fields under their camelCase names (`seq` as a decimal string, `changes` as its JSON value).
 */
export function exportedRowHash(prevHash: string, row: ExportedRow): string {
  const payload = canonicalJson({
    action: row.action,
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    actorType: row.actor_type,
    chainKey: row.chain_key,
    changes: row.changes ?? null,
    ip: row.ip,
    occurredAt: row.occurred_at,
    requestId: row.request_id,
    seq: row.seq,
    targetId: row.target_id,
    targetLabel: row.target_label,
    targetType: row.target_type,
    userAgent: row.user_agent,
    workspaceId: row.workspace_id,
  });
  return createHash("sha256").update(`${prevHash}\n${payload}`, "utf8").digest("hex");
}
