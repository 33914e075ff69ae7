import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json";
import type { ExportedRow } from "./format";

/** A value as canonical JSON; strings (nearly every field) straight through JSON.stringify. */
const v = (x: unknown) => (typeof x === "string" ? JSON.stringify(x) : canonicalJson(x));

/**
 * A row's hash (docs/security/audit-verification.md §2): SHA-256, lowercase hex, of the
 * previous row's hash, a newline, and the canonical JSON of the row's fifteen covered fields
 * under their camelCase names (`seq` as a decimal string, `changes` as its JSON value). The
 * fifteen keys are written here in their sorted order rather than sorted per row: the
 * same bytes as canonicalJson of the object (test/unit/audit-verifier.test.ts), a third faster.
 */
export function exportedRowHash(prevHash: string, row: ExportedRow): string {
  const payload =
    `{"action":${v(row.action)},"actorId":${v(row.actor_id)},"actorLabel":${v(row.actor_label)},"actorType":${v(row.actor_type)}` +
    `,"chainKey":${v(row.chain_key)},"changes":${canonicalJson(row.changes ?? null)},"ip":${v(row.ip)},"occurredAt":${v(row.occurred_at)}` +
    `,"requestId":${v(row.request_id)},"seq":${v(row.seq)},"targetId":${v(row.target_id)},"targetLabel":${v(row.target_label)}` +
    `,"targetType":${v(row.target_type)},"userAgent":${v(row.user_agent)},"workspaceId":${v(row.workspace_id)}}`;
  return createHash("sha256").update(`${prevHash}\n${payload}`, "utf8").digest("hex");
}
