import type { Prisma } from "../db/generated/client";
import { log } from "../log/logger";
import { batchQuery, type BatchResult, type EncodedBatch } from "./verify-batch";
import { createVerifyPool, type VerifyPool } from "./verify-pool";
import { verifyRowByRow, type ChainPosition, type ChainVerdict } from "./verify-reference";

type Tx = Prisma.TransactionClient;

/** Sets what the encoded batch relies on: occurred_at in ISO output, in UTC (verify-batch.ts). */
export async function prepareBatchSession(tx: Tx): Promise<void> {
  await tx.$queryRaw`SELECT set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, YMD', true)`;
}

/**
 * The parallel path, from `pos` to the end of the chain. Batch k is the seq range
 * (from + k·size, from + (k+1)·size]: in a whole chain it holds exactly `size` rows, and
 * ranges need no answer from the batch before, so the `lanes` (transactions on one snapshot,
 * one statement at a time each) fetch them side by side while workers hash earlier ones.
 * Answers are taken in order; each accepted batch's first row is checked against the end of
 * the one before. A batch the workers refuse (broken, short of rows, or text they would not
 * decode) is judged row by row, which gives every "broken" verdict. Workers that cannot
 * start or die hand the rest of the chain to the row-by-row path.
 */
export async function verifyInBatches(lanes: Tx[], chainKey: string, pos: ChainPosition, size: number, workers: number): Promise<ChainVerdict | null> {
  const tx = lanes[0];
  if (!tx) throw new Error("verifyInBatches: needs at least one lane");
  let pool: VerifyPool;
  try {
    pool = createVerifyPool(workers, chainKey);
  } catch (err) {
    log().warn({ err }, "audit chain workers unavailable: verifying in one thread");
    return verifyRowByRow(tx, chainKey, pos);
  }
  const from = pos.expected - 1;
  let issued = 0;
  let ended = false;
  const fetching: Promise<EncodedBatch>[] = [];
  const hashing: { n: number; result: Promise<BatchResult> }[] = [];
  // With at most one fetch per lane outstanding, batch k's lane has finished batch k − lanes.
  const issue = () => {
    const k = issued++;
    const lane = lanes[k % lanes.length]!; // k % lanes.length is in range: lanes is not empty (above)
    fetching.push(
      lane.$queryRaw<EncodedBatch[]>(batchQuery(chainKey, from + k * size, from + (k + 1) * size)).then(([b]) => {
        // An aggregate without GROUP BY answers exactly one row, even over no rows.
        if (!b) throw new Error("audit batch query answered no row");
        return b;
      }),
    );
  };
  // Before a statement on `tx` of its own: let every fetch in flight land.
  const settle = () => Promise.all(fetching.map((f) => f.then(() => {}, () => {})));
  try {
    for (;;) {
      while (!ended && fetching.length < lanes.length && fetching.length + hashing.length < workers * 2 + lanes.length) issue();
      if (fetching.length > 0 && hashing.length < workers * 2) {
        const batch = await fetching.shift()!;
        // A short range is the end of the chain, or a gap the workers will refuse.
        if (batch.n < size) ended = true;
        if (batch.n > 0 && batch.fields !== null && batch.changes !== null) {
          hashing.push({ n: batch.n, result: pool.verify({ n: batch.n, fields: batch.fields, changes: batch.changes }) });
        }
        continue;
      }
      const head = hashing.shift();
      if (!head) break;
      let answer: BatchResult;
      try {
        answer = await head.result;
      } catch (err) {
        log().warn({ err }, "audit chain worker failed: verifying the rest in one thread");
        await settle();
        return await verifyRowByRow(tx, chainKey, pos);
      }
      if (answer.ok && answer.firstSeq === String(pos.expected) && answer.firstPrevHash === pos.prevHash) {
        pos.prevHash = answer.lastHash;
        pos.expected += head.n;
        pos.checked += head.n;
        continue;
      }
      await settle();
      const verdict = await verifyRowByRow(tx, chainKey, pos, head.n);
      if (verdict) return verdict;
    }
    await settle();
    // Rows past the last range read (beyond a gap, say): the row-by-row path reports them.
    const [beyond] = await tx.$queryRaw<{ seq: string }[]>`
      SELECT seq::text AS seq FROM audit_logs WHERE chain_key = ${chainKey} AND audit_logs.seq >= ${String(pos.expected)}::bigint LIMIT 1`;
    return beyond ? await verifyRowByRow(tx, chainKey, pos) : null;
  } finally {
    await settle();
    await pool.close();
  }
}
