import { db } from "../db/client";
import { chainKeyOf } from "./context";
import { verifyChain } from "./verify";

export type ChainBadge = { checkedAt: Date } & (
  | { state: "verified"; entries: number; text: string }
  | { state: "broken"; seq: string; reason: string; text: string }
);

/**
 * How long a verdict is reused while the chain's head has not moved. Verifying a million
 * rows takes seconds of both cores, and anyone with audit:read could otherwise make the
 * server do it on every page view; a change to an old row shows at most this late.
 */
export const BADGE_MAX_AGE_MS = 60_000;

interface Cached {
  head: string;
  at: number;
  badge: Promise<ChainBadge>;
}

const cache = new Map<string, Cached>();

async function headOf(workspaceId: string | null): Promise<string> {
  const [row] = await db().$queryRaw<{ seq: string; hash: string }[]>`
    SELECT seq::text AS seq, hash FROM audit_chain_heads WHERE chain_key = ${chainKeyOf(workspaceId)}`;
  return row ? `${row.seq}:${row.hash}` : "empty";
}

async function verify(workspaceId: string | null, now: number): Promise<ChainBadge> {
  const verdict = await verifyChain(workspaceId);
  const checkedAt = new Date(now);
  if (verdict.ok) return { state: "verified", entries: verdict.checked, text: `Chain verified (${verdict.checked.toLocaleString("en")} entries)`, checkedAt };
  const seq = String(verdict.brokenAtSeq);
  return { state: "broken", seq, reason: verdict.reason, text: `Chain broken at entry #${seq}`, checkedAt };
}

/**
 * The audit page's badge: the workspace's whole chain re-verified (decision 007). Views at
 * the same time share one verification, and a verdict is reused for BADGE_MAX_AGE_MS unless
 * an entry was appended since.
 */
export async function chainBadge(workspaceId: string | null, options: { maxAgeMs?: number; now?: number } = {}): Promise<ChainBadge> {
  const now = options.now ?? Date.now();
  const head = await headOf(workspaceId);
  const key = chainKeyOf(workspaceId);
  const hit = cache.get(key);
  if (hit && hit.head === head && now - hit.at < (options.maxAgeMs ?? BADGE_MAX_AGE_MS)) return hit.badge;
  const badge = verify(workspaceId, now);
  const entry = { head, at: now, badge };
  cache.set(key, entry);
  // A failed verification (database down) is not remembered.
  badge.catch(() => cache.get(key) === entry && cache.delete(key));
  if (cache.size > 1_000) cache.delete(cache.keys().next().value!);
  return badge;
}
