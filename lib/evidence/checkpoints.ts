import "server-only";
import { sign } from "node:crypto";
import { GENESIS_HASH } from "../audit/chain";
import { PLATFORM_CHAIN } from "../audit/context";
import { verifyRowByRow } from "../audit/verify-reference";
import { db } from "../db/client";
import type { TenantTx } from "../db/scoped";
import { log } from "../log/logger";
import { currentSigningKey, type SigningKey } from "./signing-keys";
import type { SignedCheckpoint } from "./verifier/format";
import { signingInput } from "./verifier/signature";

/**
 * Signed chain checkpoints (SPEC §7, decision 036): a statement "chain C had row `seq` with
 * hash H at time T", signed with the current Ed25519 key, stored in
 * `audit_signed_checkpoints` (append-only) and published through the API, the stream and
 * every workspace export. Anyone holding a checkpoint and the public key can later prove
 * that rows up to `seq` were not rewritten, removed or reordered since T — without trusting
 * the server's database, which is what the hash chain alone cannot give.
 */

interface ChainPosition {
  chainKey: string;
  seq: bigint;
  hash: string;
}

const toIso = (d: Date) => d.toISOString();
const INSERT_BATCH = 500;

const signed = (key: SigningKey, p: ChainPosition, at: Date) => {
  const statement = { at: toIso(at), chain: p.chainKey, hash: p.hash, kid: key.kid, seq: p.seq.toString() };
  return { ...p, signature: sign(null, signingInput(statement), key.privateKey).toString("base64url") };
};

/**
 * Stores signed positions, a batch a statement. One checkpoint per chain position: a second
 * signer of the same head (another worker, an export at that moment) finds the row there and
 * adds nothing. Answers how many it stored.
 */
async function insertSigned(key: SigningKey, positions: ChainPosition[], at: Date): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < positions.length; i += INSERT_BATCH) {
    const batch = positions.slice(i, i + INSERT_BATCH).map((p) => signed(key, p, at));
    inserted += await db().$executeRaw`
      INSERT INTO audit_signed_checkpoints (chain_key, workspace_id, seq, hash, signed_at, kid, signature)
      SELECT c, CASE WHEN c = ${PLATFORM_CHAIN} THEN NULL ELSE c::uuid END, s, h, ${at}, ${key.kid}, sig
      FROM unnest(${batch.map((b) => b.chainKey)}::text[], ${batch.map((b) => b.seq.toString())}::bigint[], ${batch.map((b) => b.hash)}::text[], ${batch.map((b) => b.signature)}::text[]) AS t(c, s, h, sig)
      ON CONFLICT (chain_key, seq) DO NOTHING`;
  }
  return inserted;
}

interface MovedChain {
  chainKey: string;
  signedSeq: bigint | null;
  signedHash: string | null;
  anchorSeq: bigint | null;
  anchorHash: string | null;
}

/**
 * Where a chain's verification starts: its newest signed checkpoint, or retention's anchor if
 * that is later (decision 016), or the genesis.
 */
function startOf(c: MovedChain): ChainPosition {
  const signed = c.signedSeq !== null && c.signedHash !== null ? { seq: BigInt(c.signedSeq), hash: c.signedHash } : null;
  const anchor = c.anchorSeq !== null && c.anchorHash !== null ? { seq: BigInt(c.anchorSeq), hash: c.anchorHash } : null;
  const from = signed && (!anchor || signed.seq >= anchor.seq) ? signed : (anchor ?? { seq: 0n, hash: GENESIS_HASH });
  return { chainKey: c.chainKey, ...from };
}

/**
 * Signs every chain that moved since its last checkpoint (an unmoved head is skipped: nothing
 * new to vouch for); chains of workspaces that no longer exist are left alone. Before signing,
 * the rows since the last checkpoint are verified from it (lib/audit/verify-reference.ts):
 * what is signed is the last row that links to what was signed before and hashes right —
 * never the head table's word — and a chain that does not link is not signed at all but
 * logged, so a rewrite behind the application's back is refused a signature. Answers how
 * many checkpoints it wrote.
 */
export async function signChainHeads(options: { now: Date; chainKeys?: string[] }): Promise<number> {
  const only = options.chainKeys;
  const moved = await db().$queryRaw<MovedChain[]>`
    SELECT h.chain_key AS "chainKey", s.seq AS "signedSeq", s.hash AS "signedHash", r.seq AS "anchorSeq", r.hash AS "anchorHash"
    FROM audit_chain_heads h
    LEFT JOIN LATERAL (SELECT c.seq, c.hash FROM audit_signed_checkpoints c WHERE c.chain_key = h.chain_key ORDER BY c.seq DESC LIMIT 1) s ON true
    LEFT JOIN audit_checkpoints r ON r.chain_key = h.chain_key
    WHERE h.seq > 0 AND (s.seq IS NULL OR s.seq < h.seq)
      AND (h.chain_key = ${PLATFORM_CHAIN} OR EXISTS (SELECT 1 FROM workspaces w WHERE w.id::text = h.chain_key))
      AND (${only === undefined} OR h.chain_key = ANY(${only ?? []}::text[]))
    ORDER BY h.chain_key`;
  const verified: ChainPosition[] = [];
  for (const chain of moved) {
    const position = await verifiedFrom(startOf(chain));
    if (position) verified.push(position);
  }
  return verified.length === 0 ? 0 : insertSigned(await currentSigningKey(), verified, options.now);
}

/**
 * The last row of a chain that links to `from` and hashes right (at most `rows` rows on), or
 * null when no row follows `from` — or when one does not verify, which is logged: a chain
 * broken since its last signature is not signed again.
 */
async function verifiedFrom(from: ChainPosition, rows?: number): Promise<ChainPosition | null> {
  const pos = { prevHash: from.hash, expected: Number(from.seq) + 1, checked: 0 };
  const verdict = await verifyRowByRow(db(), from.chainKey, pos, rows);
  // Null: every row read verified; otherwise the first broken one.
  if (verdict && !verdict.ok) {
    log().error({ chain: from.chainKey, brokenAtSeq: String(verdict.brokenAtSeq), reason: verdict.reason, lastSignedSeq: String(from.seq) }, "audit chain does not verify from its last checkpoint: not signed");
    return null;
  }
  return pos.checked > 0 ? { chainKey: from.chainKey, seq: BigInt(pos.expected - 1), hash: pos.prevHash } : null;
}

/**
 * A checkpoint of one row of a chain — the last row a workspace export holds, so every export
 * ends on a signature (an existing checkpoint of that row is reused). The rows up to it are
 * verified from the newest checkpoint below it first, as the job does; null when the chain has
 * no such row or does not verify up to it.
 */
export async function signChainAt(chainKey: string, seq: bigint, now: Date): Promise<SignedCheckpoint | null> {
  const existing = await checkpointAt(chainKey, seq);
  if (existing) return existing;
  const [below] = await db().$queryRaw<MovedChain[]>`
    SELECT ${chainKey} AS "chainKey", s.seq AS "signedSeq", s.hash AS "signedHash", r.seq AS "anchorSeq", r.hash AS "anchorHash"
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (SELECT c.seq, c.hash FROM audit_signed_checkpoints c WHERE c.chain_key = ${chainKey} AND c.seq < ${seq} ORDER BY c.seq DESC LIMIT 1) s ON true
    LEFT JOIN audit_checkpoints r ON r.chain_key = ${chainKey} AND r.seq < ${seq}`;
  const from = startOf(below ?? { chainKey, signedSeq: null, signedHash: null, anchorSeq: null, anchorHash: null });
  const position = await verifiedFrom(from, Number(seq - from.seq));
  if (position?.seq !== seq) return null;
  await insertSigned(await currentSigningKey(), [position], now);
  return checkpointAt(chainKey, seq);
}

/**
 * A checkpoint of retention's anchor (decision 016): the seq and hash of the last row it
 * removed, which the first remaining row links to. The row itself is gone, so the statement
 * comes from `audit_checkpoints`, whose trigger only ever set it to a row that existed with
 * that hash. Reused when already signed.
 */
export async function signAnchor(chainKey: string, anchor: { seq: bigint; hash: string }, now: Date): Promise<void> {
  if (!(await checkpointAt(chainKey, anchor.seq))) await insertSigned(await currentSigningKey(), [{ chainKey, ...anchor }], now);
}

interface CheckpointRow {
  id: bigint;
  chain_key: string;
  seq: bigint;
  hash: string;
  signed_at: Date;
  kid: string;
  signature: string;
}

/** A stored checkpoint in the form the verifier reads (lib/evidence/verifier/format.ts). */
export const checkpointJson = (r: CheckpointRow): SignedCheckpoint => ({
  id: String(r.id),
  chain: r.chain_key,
  seq: String(r.seq),
  hash: r.hash,
  at: toIso(r.signed_at),
  kid: r.kid,
  signature: r.signature,
});

async function checkpointAt(chainKey: string, seq: bigint): Promise<SignedCheckpoint | null> {
  const [row] = await db().$queryRaw<CheckpointRow[]>`
    SELECT id, chain_key, seq, hash, signed_at, kid, signature FROM audit_signed_checkpoints WHERE chain_key = ${chainKey} AND seq = ${seq}`;
  return row ? checkpointJson(row) : null;
}

/** Who runs a read: the owner connection, or a workspace's scoped transaction (RLS underneath). */
type Reader = Pick<TenantTx, "$queryRaw">;

/**
 * A chain's checkpoints after `afterSeq` (exclusive) through `throughSeq`, oldest first, at
 * most `limit`: the read the export and the streaming job (whose cursor is the seq) share.
 */
export async function chainCheckpoints(
  chainKey: string,
  options: { afterSeq?: bigint; throughSeq?: bigint; limit?: number; reader?: Reader } = {},
): Promise<SignedCheckpoint[]> {
  const rows = await (options.reader ?? db()).$queryRaw<CheckpointRow[]>`
    SELECT id, chain_key, seq, hash, signed_at, kid, signature FROM audit_signed_checkpoints
    WHERE chain_key = ${chainKey} AND seq > ${options.afterSeq ?? -1n} AND seq <= ${options.throughSeq ?? 9223372036854775807n}
    ORDER BY seq LIMIT ${options.limit ?? 1_000_000}`;
  return rows.map(checkpointJson);
}

/**
 * One page of a workspace's checkpoints, newest first, in its scoped transaction: the
 * `GET /api/v1/audit-logs/checkpoints` list. `beforeSeq` is the cursor (exclusive).
 */
export async function listCheckpointsPage(
  data: <T>(fn: (tx: TenantTx) => Promise<T>) => Promise<T>,
  workspaceId: string,
  options: { limit: number; beforeSeq?: bigint },
): Promise<{ checkpoints: SignedCheckpoint[]; more: boolean }> {
  const rows = await data((tx) => tx.$queryRaw<CheckpointRow[]>`
    SELECT id, chain_key, seq, hash, signed_at, kid, signature FROM audit_signed_checkpoints
    WHERE chain_key = ${workspaceId} AND workspace_id = ${workspaceId}::uuid AND seq < ${options.beforeSeq ?? 9223372036854775807n}
    ORDER BY seq DESC LIMIT ${options.limit + 1}`);
  return { checkpoints: rows.slice(0, options.limit).map(checkpointJson), more: rows.length > options.limit };
}
