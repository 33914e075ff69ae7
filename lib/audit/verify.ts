import { db } from "../db/client";
import { GENESIS_HASH, rowHash } from "./chain";
import { chainKeyOf } from "./context";

export type ChainVerdict =
  | { ok: true; checked: number }
  | { ok: false; checked: number; brokenAtSeq: bigint; reason: "hash_mismatch" | "link_mismatch" | "gap" };

const BATCH = 5_000;

/**
 * Recomputes every row's hash of a workspace's chain and checks each row links to the one
 * before it. A row changed behind the application's back (or removed) breaks the chain at
 * that row.
 */
export async function verifyChain(workspaceId: string | null): Promise<ChainVerdict> {
  const chainKey = chainKeyOf(workspaceId);
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1n;
  let checked = 0;
  for (;;) {
    const rows = await db().auditLog.findMany({
      where: { chainKey, seq: { gte: expectedSeq } },
      orderBy: { seq: "asc" },
      take: BATCH,
    });
    for (const row of rows) {
      if (row.seq !== expectedSeq) return { ok: false, checked, brokenAtSeq: expectedSeq, reason: "gap" };
      if (row.prevHash !== prevHash) return { ok: false, checked, brokenAtSeq: row.seq, reason: "link_mismatch" };
      if (rowHash(prevHash, row) !== row.hash) return { ok: false, checked, brokenAtSeq: row.seq, reason: "hash_mismatch" };
      prevHash = row.hash;
      expectedSeq += 1n;
      checked += 1;
    }
    if (rows.length < BATCH) break;
  }
  const head = await db().auditChainHead.findUnique({ where: { chainKey } });
  if (head && (head.seq !== expectedSeq - 1n || head.hash !== prevHash)) {
    // Rows were removed from the end.
    return { ok: false, checked, brokenAtSeq: expectedSeq, reason: "gap" };
  }
  return { ok: true, checked };
}
