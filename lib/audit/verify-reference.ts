import { hash as oneShotHash } from "node:crypto";
import type { Prisma } from "../db/generated/client";
import { canonicalJson } from "./chain";
import { exactJsonNumbers } from "./exact-numbers";
import type { AuditRowColumns } from "./context";

export type ChainVerdict =
  | { ok: true; checked: number }
  | { ok: false; checked: number; brokenAtSeq: bigint; reason: "hash_mismatch" | "link_mismatch" | "gap" };

/** Where a verification stands: the hash the next row must link to and the seq it must have. */
export interface ChainPosition {
  prevHash: string;
  expected: number;
  checked: number;
}

/** One row as the query returns it: already in the text form the hash covers (`changes` as parsed JSON). */
export interface ChainRow extends AuditRowColumns {
  seq: string;
  workspace_id: string | null;
  occurred_at: string;
  prev_hash: string;
  hash: string;
}

const BATCH = 10_000;

const str = (v: string | null) => (v === null ? "null" : JSON.stringify(v));

/**
 * `rowHash(prevHash, fields)` of lib/audit/chain.ts, specialised for a stored row: the same
 * canonical JSON (top-level keys in their sorted order, written out here instead of sorted
 * per row; `changes` through canonicalJson) and the same SHA-256 over
 * `prevHash + "\n" + payload`. test/integration/audit-page.test.ts checks the two agree.
 */
export function storedRowHash(prevHash: string, chainKey: string, r: ChainRow): string {
  const payload =
    `{"action":${JSON.stringify(r.action)},"actorId":${str(r.actor_id)},"actorLabel":${str(r.actor_label)},"actorType":${JSON.stringify(r.actor_type)}` +
    `,"chainKey":${JSON.stringify(chainKey)},"changes":${canonicalJson(r.changes ?? null)},"ip":${str(r.ip)},"occurredAt":${JSON.stringify(r.occurred_at)}` +
    `,"requestId":${str(r.request_id)},"seq":"${r.seq}","targetId":${str(r.target_id)},"targetLabel":${str(r.target_label)}` +
    `,"targetType":${str(r.target_type)},"userAgent":${str(r.user_agent)},"workspaceId":${str(r.workspace_id)}}`;
  return oneShotHash("sha256", `${prevHash}\n${payload}`, "hex");
}

/**
 * Verifies rows one after another in this thread, from `pos` on (at most `maxRows` of them),
 * advancing `pos` past every good row. Returns the verdict at the first bad row, or null when
 * all it read were good. This is the whole verification of a short chain, and the judge of
 * any batch the fast path refused, so every "broken" verdict comes from here.
 */
export async function verifyRowByRow(
  tx: Prisma.TransactionClient,
  chainKey: string,
  pos: ChainPosition,
  maxRows = Number.POSITIVE_INFINITY,
): Promise<ChainVerdict | null> {
  const broken = (reason: "hash_mismatch" | "link_mismatch" | "gap", seq: string | number): ChainVerdict => ({ ok: false, checked: pos.checked, brokenAtSeq: BigInt(seq), reason });
  let left = maxRows;
  while (left > 0) {
    const limit = Math.min(BATCH, left);
    // audit_logs.seq: a bare "seq" in ORDER BY would be the text column of that name.
    const rows = await tx.$queryRaw<ChainRow[]>`
      SELECT seq::text AS seq, workspace_id::text AS workspace_id,
        to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at,
        actor_type, actor_id, actor_label, action, target_type, target_id, target_label, changes::text AS changes, ip, user_agent,
        request_id, prev_hash, hash
      FROM audit_logs WHERE chain_key = ${chainKey} AND audit_logs.seq > ${String(pos.expected - 1)}::bigint
      ORDER BY audit_logs.seq LIMIT ${limit}`;
    for (const row of rows) {
      if (row.seq !== String(pos.expected)) return broken("gap", pos.expected);
      if (row.prev_hash !== pos.prevHash) return broken("link_mismatch", row.seq);
      // `changes` comes as jsonb's text: a number that is not exactly a double was not written by the app.
      const text = row.changes as string | null;
      if (text !== null && !exactJsonNumbers(text)) return broken("hash_mismatch", row.seq);
      row.changes = text === null ? null : JSON.parse(text);
      if (storedRowHash(pos.prevHash, chainKey, row) !== row.hash) return broken("hash_mismatch", row.seq);
      pos.prevHash = row.hash;
      pos.expected += 1;
      pos.checked += 1;
    }
    if (rows.length < limit) break;
    left -= rows.length;
  }
  return null;
}
