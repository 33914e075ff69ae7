import { hash as oneShotHash } from "node:crypto";
import { db } from "../db/client";
import { canonicalJson, GENESIS_HASH } from "./chain";
import { chainKeyOf } from "./context";

export type ChainVerdict =
  | { ok: true; checked: number }
  | { ok: false; checked: number; brokenAtSeq: bigint; reason: "hash_mismatch" | "link_mismatch" | "gap" };

const BATCH = 10_000;
/** A chain of millions of rows takes seconds; the read transaction may not outlive this. */
const VERIFY_TIMEOUT_MS = 15 * 60_000;

/** One row as the cursor returns it: already in the text form the hash covers. */
interface ChainRow {
  seq: string;
  workspace_id: string | null;
  occurred_at: string;
  actor_type: string;
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  target_label: string | null;
  changes: unknown;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

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
 * Recomputes every row's hash of a workspace's chain (from its retention checkpoint, if any)
 * and checks each row links to the one before it. A row changed behind the application's back (or removed) breaks the chain at
 * that row.
 *
 * Speed (bench/audit.ts): rows come from one server-side cursor in seq order, already as
 * text (seq, ISO time), in batches of 10,000; the next batch is fetched while this one is
 * hashed, and the hash payload is built without per-row key sorting.
 */
export async function verifyChain(workspaceId: string | null): Promise<ChainVerdict> {
  const chainKey = chainKeyOf(workspaceId);
  return db().$transaction(
    async (tx): Promise<ChainVerdict> => {
      // Retention removes rows from the start of a chain and leaves a checkpoint (seq and hash
      // of the last removed row, decision 016): the chain verifies from there.
      const [checkpoint] = await tx.$queryRaw<{ seq: string; hash: string }[]>`SELECT seq::text AS seq, hash FROM audit_checkpoints WHERE chain_key = ${chainKey}`;
      const from = BigInt(checkpoint?.seq ?? "0");
      await tx.$executeRaw`DECLARE verify_chain NO SCROLL CURSOR FOR
        SELECT seq::text AS seq, workspace_id::text AS workspace_id,
          to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at,
          actor_type, actor_id, actor_label, action, target_type, target_id, target_label, changes, ip, user_agent,
          request_id, prev_hash, hash
        FROM audit_logs WHERE chain_key = ${chainKey} AND audit_logs.seq > ${from} ORDER BY audit_logs.seq`;
      const fetch = () => tx.$queryRawUnsafe<ChainRow[]>(`FETCH FORWARD ${BATCH} FROM verify_chain`);
      let prevHash = checkpoint?.hash ?? GENESIS_HASH;
      let expected = Number(from) + 1;
      let checked = 0;
      let next = fetch();
      // A verdict before the end: let the batch in flight finish before the transaction ends.
      const stop = async (verdict: ChainVerdict) => {
        await next.catch(() => {});
        return verdict;
      };
      for (;;) {
        const rows = await next;
        if (rows.length === BATCH) next = fetch();
        for (const row of rows) {
          if (row.seq !== String(expected)) return stop({ ok: false, checked, brokenAtSeq: BigInt(expected), reason: "gap" });
          if (row.prev_hash !== prevHash) return stop({ ok: false, checked, brokenAtSeq: BigInt(row.seq), reason: "link_mismatch" });
          if (storedRowHash(prevHash, chainKey, row) !== row.hash) return stop({ ok: false, checked, brokenAtSeq: BigInt(row.seq), reason: "hash_mismatch" });
          prevHash = row.hash;
          expected += 1;
          checked += 1;
        }
        if (rows.length < BATCH) break;
      }
      const [head] = await tx.$queryRaw<{ seq: string; hash: string }[]>`SELECT seq::text AS seq, hash FROM audit_chain_heads WHERE chain_key = ${chainKey}`;
      if (head && (head.seq !== String(expected - 1) || head.hash !== prevHash)) {
        // Rows were removed from the end.
        return { ok: false, checked, brokenAtSeq: BigInt(expected), reason: "gap" };
      }
      return { ok: true, checked };
    },
    { timeout: VERIFY_TIMEOUT_MS, maxWait: 10_000 },
  );
}
