import "server-only";
import { processMap } from "../core/process-map";
import { isIpAllowed } from "../api-keys/ip-allowlist";
import { inWorkspace } from "../db/scoped";

/**
 * The enforcement side of the workspace's IP block/allow rules (SPEC §14, decision 047).
 * A session request must not cost a database query per request once an address is blocked,
 * so each workspace's live rules are held in memory for RULES_CACHE_MS; a change made in
 * this process (lib/widget/ip-rules.ts, the automatic blocker) forgets them at once, another
 * instance sees it within RULES_CACHE_MS. An allow entry wins over every block entry.
 */

export const RULES_CACHE_MS = 30_000;
const CACHE_MAX = 10_000;

interface LiveRules {
  at: number;
  allow: { cidr: string; expiresAt: number | null }[];
  block: { cidr: string; expiresAt: number | null }[];
}

const cache = processMap<string, LiveRules>("widget.ip-rules");

export function forgetIpRules(workspaceId?: string): void {
  if (workspaceId) cache.delete(workspaceId);
  else cache.clear();
}

async function load(workspaceId: string, now: number): Promise<LiveRules> {
  const rows = await inWorkspace(workspaceId, (tx) =>
    tx.ipAccessRule.findMany({
      where: { workspaceId, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date(now) } }] },
      select: { kind: true, cidr: true, expiresAt: true },
    }),
  );
  const rule = (r: (typeof rows)[number]) => ({ cidr: r.cidr, expiresAt: r.expiresAt?.getTime() ?? null });
  return { at: now, allow: rows.filter((r) => r.kind === "allow").map(rule), block: rows.filter((r) => r.kind === "block").map(rule) };
}

async function liveRules(workspaceId: string, now: number): Promise<LiveRules> {
  const hit = cache.get(workspaceId);
  if (hit && now - hit.at < RULES_CACHE_MS && now >= hit.at) return hit;
  const rules = await load(workspaceId, now);
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
  cache.set(workspaceId, rules);
  return rules;
}

const matching = (ip: string, rules: LiveRules["allow"], now: number) =>
  isIpAllowed(ip, rules.filter((r) => r.expiresAt === null || r.expiresAt > now).map((r) => r.cidr)) &&
  rules.some((r) => r.expiresAt === null || r.expiresAt > now);

/** "allowed": on the allowlist (skips the automatic blocker too); "blocked"; or null: neither. */
export async function ipRuleVerdict(workspaceId: string, ip: string, now = Date.now()): Promise<"allowed" | "blocked" | null> {
  const rules = await liveRules(workspaceId, now);
  if (rules.allow.length && matching(ip, rules.allow, now)) return "allowed";
  if (rules.block.length && matching(ip, rules.block, now)) return "blocked";
  return null;
}
