import { db } from "../db/client";
import { GENESIS_HASH } from "../audit/chain";

/**
 * Removes a chain's expired rows from its start, in batches, through the privileged path the
 * database allows (decision 016): inside one transaction it sets
 * `switchboard.audit_retention`, moves the chain's checkpoint onto the last row it removes
 * (the trigger checks that row exists with that hash), then deletes the rows at or below it.
 * verifyChain starts from the checkpoint, so the chain still verifies and a remaining row
 * altered afterwards still breaks it.
 *
 * Only a prefix goes: the first row at or after the cutoff stops the pass, so a row is never
 * removed while an older-seq row is kept. The checkpoint row is locked FOR UPDATE, so two
 * concurrent runs on one chain take turns and the second finds nothing left to do.
 */
export async function pruneAuditChain(chainKey: string, before: Date, batch: number): Promise<number> {
  let removed = 0;
  for (;;) {
    const n = await db().$transaction(async (tx) => {
      await tx.$queryRaw`SELECT set_config('switchboard.audit_retention', 'on', true)`;
      await tx.$executeRaw`INSERT INTO audit_checkpoints (chain_key, seq, hash) VALUES (${chainKey}, 0, ${GENESIS_HASH}) ON CONFLICT (chain_key) DO NOTHING`;
      const [checkpoint] = await tx.$queryRaw<{ seq: bigint }[]>`SELECT seq FROM audit_checkpoints WHERE chain_key = ${chainKey} FOR UPDATE`;
      // The INSERT … ON CONFLICT DO NOTHING above guarantees the row.
      if (!checkpoint) throw new Error(`audit checkpoint ${chainKey} missing after upsert`);
      const rows = await tx.$queryRaw<{ seq: bigint; hash: string; expired: boolean }[]>`
        SELECT seq, hash, occurred_at < ${before} AS expired FROM audit_logs
        WHERE chain_key = ${chainKey} AND seq > ${checkpoint.seq}
        ORDER BY seq LIMIT ${batch}`;
      let last: { seq: bigint; hash: string } | null = null;
      for (const row of rows) {
        if (!row.expired) break;
        last = row;
      }
      if (!last) return 0;
      await tx.$executeRaw`UPDATE audit_checkpoints SET seq = ${last.seq}, hash = ${last.hash}, created_at = now() WHERE chain_key = ${chainKey}`;
      return tx.$executeRaw`DELETE FROM audit_logs WHERE chain_key = ${chainKey} AND seq > ${checkpoint.seq} AND seq <= ${last.seq}`;
    });
    removed += n;
    if (n < batch) return removed;
  }
}
