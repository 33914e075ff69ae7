import { databaseKind, db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { log } from "../log/logger";
import { GENESIS_HASH } from "./chain";
import { chainKeyOf } from "./context";
import { prepareBatchSession, verifyInBatches } from "./verify-parallel";
import { verifyRowByRow, type ChainPosition, type ChainVerdict } from "./verify-reference";

type Tx = Prisma.TransactionClient;

export type { ChainVerdict } from "./verify-reference";

export interface VerifyOptions {
  /** Rows per batch on the parallel path; a chain no longer than one batch is verified in this thread. */
  batchSize?: number;
  /** Worker threads hashing batches; 0 verifies in this thread only. */
  workers?: number;
}

const BATCH = 10_000;
const WORKERS = 2;
/** A chain of millions of rows takes seconds; the read transaction may not outlive this. */
const VERIFY_TIMEOUT_MS = 15 * 60_000;

/**
 * Recomputes every row's hash of a workspace's chain (from its retention checkpoint, if any)
 * and checks each row links to the one before it. A row changed behind the application's
 * back (or removed) breaks the chain at that row.
 *
 * One REPEATABLE READ transaction: the checkpoint, the rows and the chain head are one
 * snapshot, so appends during a long verification do not read as a broken end.
 *
 * Speed (bench/audit.ts): a chain longer than one batch is read in seq-range batches, each as
 * two text values (verify-batch.ts), on two connections where the database has them, and
 * hashed by worker threads while the next batches are fetched (verify-parallel.ts): each row
 * carries its `prev_hash`, so batches verify independently and only the links between them
 * are checked in order. Any batch the workers refuse is judged again row by row in this
 * thread (verify-reference.ts): every "broken" verdict comes from there, exactly as a
 * sequential pass gives it.
 */
export async function verifyChain(workspaceId: string | null, options: VerifyOptions = {}): Promise<ChainVerdict> {
  const chainKey = chainKeyOf(workspaceId);
  const batchSize = options.batchSize ?? BATCH;
  const workers = options.workers ?? WORKERS;
  return db().$transaction(
    async (tx): Promise<ChainVerdict> => {
      // Retention removes rows from the start of a chain and leaves a checkpoint (seq and hash
      // of the last removed row, decision 016): the chain verifies from there.
      const [checkpoint] = await tx.$queryRaw<{ seq: string; hash: string }[]>`SELECT seq::text AS seq, hash FROM audit_checkpoints WHERE chain_key = ${chainKey}`;
      const [head] = await tx.$queryRaw<{ seq: string; hash: string }[]>`SELECT seq::text AS seq, hash FROM audit_chain_heads WHERE chain_key = ${chainKey}`;
      const from = Number(checkpoint?.seq ?? "0");
      const pos: ChainPosition = { prevHash: checkpoint?.hash ?? GENESIS_HASH, expected: from + 1, checked: 0 };
      // The head only picks the path: both verify every row there is.
      const parallel = workers > 0 && head !== undefined && Number(head.seq) - from > batchSize;
      const verdict = parallel
        ? await withSnapshotTwin(tx, (lanes) => verifyInBatches(lanes, chainKey, pos, batchSize, workers))
        : await verifyRowByRow(tx, chainKey, pos);
      if (verdict) return verdict;
      if (head && (head.seq !== String(pos.expected - 1) || head.hash !== pos.prevHash)) {
        // Rows were removed from the end.
        return { ok: false, checked: pos.checked, brokenAtSeq: BigInt(pos.expected), reason: "gap" };
      }
      return { ok: true, checked: pos.checked };
    },
    { timeout: VERIFY_TIMEOUT_MS, maxWait: 10_000, isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
  );
}

/**
 * On PostgreSQL, a second transaction on the same snapshot (pg_export_snapshot), so two
 * server processes produce batches at once: the server's text output is the largest single
 * cost, and one backend would otherwise be the slowest lane. PGlite is one connection: one
 * lane. If the second connection cannot be had, one lane too.
 */
async function withSnapshotTwin<T>(tx: Tx, run: (lanes: Tx[]) => Promise<T>): Promise<T> {
  await prepareBatchSession(tx);
  if (databaseKind() !== "postgresql") return run([tx]);
  const [exported] = await tx.$queryRaw<{ snapshot: string }[]>`SELECT pg_export_snapshot() AS snapshot`;
  const snapshot = exported?.snapshot;
  // No snapshot name (or not one that is safe to splice into SET TRANSACTION): one lane.
  if (!snapshot || !/^[0-9A-F-]+$/i.test(snapshot)) return run([tx]);
  let started = false;
  try {
    return await db().$transaction(
      async (twin) => {
        await twin.$executeRawUnsafe(`SET TRANSACTION SNAPSHOT '${snapshot}'`);
        await prepareBatchSession(twin);
        started = true;
        return run([tx, twin]);
      },
      { timeout: VERIFY_TIMEOUT_MS, maxWait: 2_000, isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
    );
  } catch (err) {
    if (started) throw err;
    log().warn({ err }, "audit chain verification: no second connection, reading on one");
    return run([tx]);
  }
}
