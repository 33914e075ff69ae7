import type { PostureFlag } from "../api-keys/posture";
import type { TenantTx } from "../db/scoped";

/**
 * What each API key really did over the last 30 days, from the request logs (issue 19 item
 * 3): requests per day by outcome, where it was last used from, the scopes its successful
 * requests needed (next to the scopes it holds), and whether it started being used from a new
 * network. Read in the workspace's scope (RLS); the per-key look-ups walk the
 * (workspace_id, key_id, occurred_at) index.
 */
type Scoped = <T>(fn: (tx: TenantTx) => Promise<T>) => Promise<T>;

export const USAGE_DAYS = 30;
const DAY_MS = 86_400_000;

export interface DayCount {
  day: string;
  ok: number;
  clientErrors: number;
  serverErrors: number;
}

export interface KeyUsage {
  days: DayCount[];
  total: number;
  lastIp: string | null;
  lastAt: Date | null;
  /** Scopes of requests that succeeded. */
  exercised: string[];
  /** Networks (/24, /48) it was used from in the window; `newest` when that is not the first one. */
  networks: number;
  newNetwork: { network: string; firstSeen: Date } | null;
}

const dayKey = (d: Date) => d.toISOString().slice(0, 10);

export async function keyUsage(data: Scoped, workspaceId: string, keyIds: string[], now = new Date()): Promise<Map<string, KeyUsage>> {
  const result = new Map<string, KeyUsage>();
  if (keyIds.length === 0) return result;
  const since = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - (USAGE_DAYS - 1) * DAY_MS);
  const [daily, last, scopes, networks] = await data((tx) =>
    Promise.all([
      tx.$queryRaw<{ key_id: string; day: Date; ok: number; client: number; server: number }[]>`
        SELECT key_id, date_trunc('day', occurred_at AT TIME ZONE 'UTC') AS day,
               count(*) FILTER (WHERE status < 400)::int AS ok,
               count(*) FILTER (WHERE status >= 400 AND status < 500)::int AS client,
               count(*) FILTER (WHERE status >= 500)::int AS server
        FROM request_logs WHERE workspace_id = ${workspaceId}::uuid AND key_id = ANY(${keyIds}::uuid[]) AND occurred_at >= ${since}
        GROUP BY 1, 2`,
      tx.$queryRaw<{ key_id: string; ip: string | null; occurred_at: Date }[]>`
        SELECT k.id AS key_id, l.ip, l.occurred_at FROM unnest(${keyIds}::uuid[]) AS k(id)
        CROSS JOIN LATERAL (
          SELECT ip, occurred_at FROM request_logs
          WHERE workspace_id = ${workspaceId}::uuid AND key_id = k.id ORDER BY occurred_at DESC LIMIT 1
        ) l`,
      tx.$queryRaw<{ key_id: string; permissions: string[] }[]>`
        SELECT key_id, array_agg(DISTINCT permission) AS permissions FROM request_logs
        WHERE workspace_id = ${workspaceId}::uuid AND key_id = ANY(${keyIds}::uuid[]) AND occurred_at >= ${since} AND status < 400
        GROUP BY key_id`,
      tx.$queryRaw<{ key_id: string; network: string; first_seen: Date }[]>`
        SELECT key_id, network, min(occurred_at) AS first_seen FROM (
          SELECT key_id, occurred_at, host(network(set_masklen(ip::inet, CASE WHEN family(ip::inet) = 4 THEN 24 ELSE 48 END)))
                 || CASE WHEN family(ip::inet) = 4 THEN '/24' ELSE '/48' END AS network
          FROM request_logs
          WHERE workspace_id = ${workspaceId}::uuid AND key_id = ANY(${keyIds}::uuid[]) AND occurred_at >= ${since} AND ip IS NOT NULL
        ) n GROUP BY key_id, network`,
    ]),
  );
  for (const id of keyIds) {
    const days: DayCount[] = [];
    for (let t = since.getTime(); t <= now.getTime(); t += DAY_MS) days.push({ day: dayKey(new Date(t)), ok: 0, clientErrors: 0, serverErrors: 0 });
    result.set(id, { days, total: 0, lastIp: null, lastAt: null, exercised: [], networks: 0, newNetwork: null });
  }
  for (const row of daily) {
    const usage = result.get(row.key_id)!;
    const day = usage.days.find((d) => d.day === dayKey(new Date(row.day)));
    if (!day) continue;
    Object.assign(day, { ok: row.ok, clientErrors: row.client, serverErrors: row.server });
    usage.total += row.ok + row.client + row.server;
  }
  for (const row of last) Object.assign(result.get(row.key_id)!, { lastIp: row.ip, lastAt: row.occurred_at });
  for (const row of scopes) result.get(row.key_id)!.exercised = [...row.permissions].sort();
  const byKey = new Map<string, typeof networks>();
  for (const n of networks) byKey.set(n.key_id, [...(byKey.get(n.key_id) ?? []), n]);
  for (const [id, seen] of byKey) {
    const usage = result.get(id)!;
    usage.networks = seen.length;
    if (seen.length < 2) continue;
    const ordered = [...seen].sort((a, b) => a.first_seen.getTime() - b.first_seen.getTime());
    const newest = ordered.at(-1)!;
    // A change, not a key that has always roamed: the newest network appeared a day or more after the first.
    if (newest.first_seen.getTime() - ordered[0]!.first_seen.getTime() >= DAY_MS) usage.newNetwork = { network: newest.network, firstSeen: newest.first_seen };
  }
  return result;
}

/** Granted scopes the key's successful requests never needed in the window. */
export function unusedScopes(granted: string[], usage: KeyUsage | undefined): string[] {
  if (!usage || usage.total === 0) return [];
  return granted.filter((s) => !usage.exercised.includes(s));
}

/** The posture flags only the request log can raise: scopes wider than their use, and a new network. */
export function usagePostureFlags(granted: string[], usage: KeyUsage | undefined): PostureFlag[] {
  const flags: PostureFlag[] = [];
  const unused = unusedScopes(granted, usage);
  if (usage && unused.length > 0) {
    flags.push({
      flag: "wider_than_use",
      label: "Scopes wider than its use",
      detail: `In ${USAGE_DAYS} days its successful requests needed only ${usage.exercised.join(", ") || "no scope"}; it also holds ${unused.join(", ")}. Roll it into a key with fewer scopes.`,
      tone: "warning",
    });
  }
  if (usage?.newNetwork) {
    flags.push({
      flag: "network_change",
      label: "New network",
      detail: `First used from ${usage.newNetwork.network} on ${usage.newNetwork.firstSeen.toISOString().slice(0, 10)}, after other networks. If you did not move it, roll it.`,
      tone: "warning",
    });
  }
  return flags;
}
