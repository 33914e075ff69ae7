import { verifyChain } from "./verify";

export type ChainBadge =
  | { state: "verified"; entries: number; text: string }
  | { state: "broken"; seq: string; reason: string; text: string };

/** The audit page's badge: the workspace's whole chain re-verified (decision 007). */
export async function chainBadge(workspaceId: string): Promise<ChainBadge> {
  const verdict = await verifyChain(workspaceId);
  if (verdict.ok) return { state: "verified", entries: verdict.checked, text: `Chain verified (${verdict.checked.toLocaleString("en")} entries)` };
  const seq = String(verdict.brokenAtSeq);
  return { state: "broken", seq, reason: verdict.reason, text: `Chain broken at entry #${seq}` };
}
