import "server-only";
import { Readable } from "node:stream";
import { GENESIS_HASH } from "../audit/chain";
import type { Principal } from "../authz/principal";
import { db } from "../db/client";
import { chainCheckpoints, signAnchor, signChainAt } from "./checkpoints";
import { publishedKeySet } from "./signing-keys";
import { CHECKPOINTS_FORMAT, type CheckpointsFile, type ExportedRow } from "./verifier/format";

/**
 * The evidence files of a workspace export (docs/security/audit-verification.md): the
 * chain's rows in their stored form with their hashes (audit_chain.jsonl), its signed
 * checkpoints (audit_checkpoints.json) and the public keys (audit_signing_keys.json) — what
 * `npm run audit:verify` needs and nothing it must take on trust. The export signs its own
 * last row first, so every export ends on a signature. The ZIP produces the files in that
 * order; the keys come last, so a key made by that signature is in them.
 */
export interface AuditEvidence {
  chainJsonl(): Readable;
  checkpointsJson(): Promise<CheckpointsFile>;
  keysJson(): Promise<unknown>;
}

const PAGE = 5_000;

/** A row as the export query returns it: the exported form, with `changes` still jsonb's text. */
type Row = Omit<ExportedRow, "changes"> & { changes: string | null };

/**
 * One row as its JSON line. `changes` is spliced in as jsonb's own text, not re-serialised:
 * its numbers stay digit for digit what the database holds, which the verifier's exactness
 * check relies on.
 */
function line(r: Row): string {
  const { changes, ip, user_agent, request_id, prev_hash, hash, ...head } = r;
  const tail = JSON.stringify({ ip, user_agent, request_id, prev_hash, hash });
  return `${JSON.stringify(head).slice(0, -1)},"changes":${changes ?? "null"},${tail.slice(1)}\n`;
}

export function auditEvidence(principal: Pick<Principal, "data" | "workspace">, throughSeq: bigint, now: Date): AuditEvidence {
  const chain = principal.workspace.id;
  // Retention's anchor (decision 016): where the remaining rows start.
  let anchor: Promise<{ seq: bigint; hash: string }> | undefined;
  const startsAfter = () =>
    (anchor ??= db()
      .$queryRaw<{ seq: bigint; hash: string }[]>`SELECT seq, hash FROM audit_checkpoints WHERE chain_key = ${chain}`
      .then(([row]) => row ?? { seq: 0n, hash: GENESIS_HASH }));

  async function* lines() {
    let after = (await startsAfter()).seq;
    for (;;) {
      const rows = await principal.data((tx) => tx.$queryRaw<Row[]>`
        SELECT seq::text AS seq, chain_key, workspace_id::text AS workspace_id,
          to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at,
          actor_type, actor_id, actor_label, action, target_type, target_id, target_label, changes::text AS changes,
          ip, user_agent, request_id, prev_hash, hash
        FROM audit_logs WHERE chain_key = ${chain} AND audit_logs.seq > ${after} AND audit_logs.seq <= ${throughSeq}
        ORDER BY audit_logs.seq LIMIT ${PAGE}`);
      if (rows.length > 0) yield Buffer.from(rows.map(line).join(""));
      if (rows.length < PAGE) return;
      after = BigInt(rows[rows.length - 1]!.seq);
    }
  }

  return {
    chainJsonl: () => Readable.from(lines()),
    async checkpointsJson() {
      const from = await startsAfter();
      if (throughSeq > from.seq) await signChainAt(chain, throughSeq, now);
      // Where retention left the chain's start is signed too, so whoever holds the file cannot
      // drop its oldest rows and call it retention.
      if (from.seq > 0n) await signAnchor(chain, from, now);
      const checkpoints = await principal.data((tx) => chainCheckpoints(chain, { afterSeq: from.seq - 1n, throughSeq, reader: tx }));
      return { format: CHECKPOINTS_FORMAT, chain, starts_after: { seq: String(from.seq), hash: from.hash }, through_seq: String(throughSeq > from.seq ? throughSeq : from.seq), checkpoints };
    },
    keysJson: () => publishedKeySet(),
  };
}
