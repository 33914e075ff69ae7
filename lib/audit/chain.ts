import { createHash } from "node:crypto";

/** The hash a chain starts from. */
export const GENESIS_HASH = "0".repeat(64);

/** The columns of an audit row that its hash covers, in their stored form. */
export interface ChainedFields {
  chainKey: string;
  seq: bigint;
  workspaceId: string | null;
  occurredAt: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  changes: unknown;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

/** JSON with object keys sorted at every depth: PostgreSQL's jsonb does not keep key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  if (typeof value === "bigint") return JSON.stringify(value.toString());
  return JSON.stringify(value);
}

export function rowHash(prevHash: string, fields: ChainedFields): string {
  const payload = canonicalJson({
    chainKey: fields.chainKey,
    seq: fields.seq.toString(),
    workspaceId: fields.workspaceId,
    occurredAt: fields.occurredAt.toISOString(),
    actorType: fields.actorType,
    actorId: fields.actorId,
    actorLabel: fields.actorLabel,
    action: fields.action,
    targetType: fields.targetType,
    targetId: fields.targetId,
    targetLabel: fields.targetLabel,
    changes: fields.changes ?? null,
    ip: fields.ip,
    userAgent: fields.userAgent,
    requestId: fields.requestId,
  });
  return createHash("sha256").update(prevHash).update("\n").update(payload).digest("hex");
}
