import { db } from "../db/client";

export const RATE_WINDOW_MS = 1000;

/** The one-second window `now` falls in. */
export const rateWindowOf = (now: Date) => new Date(Math.floor(now.getTime() / RATE_WINDOW_MS) * RATE_WINDOW_MS);

/**
 * Takes up to `wanted` sends from the endpoint's current one-second window and answers how many
 * were granted. One row per endpoint in webhook_rate_windows, counted by an atomic upsert, so
 * every worker process shares the count (the database is the one store every worker has; no
 * Redis needed). The window is the worker's clock's second, so tests drive it with `now`.
 * `used` may pass the limit (asks beyond it are counted too); the next window starts afresh.
 */
export async function takeSends(endpointId: string, limitPerSecond: number, wanted: number, now: Date): Promise<number> {
  if (wanted <= 0) return 0;
  const window = rateWindowOf(now);
  const [row] = await db().$queryRaw<{ used: number }[]>`
    INSERT INTO webhook_rate_windows (endpoint_id, window_start, used) VALUES (${endpointId}::uuid, ${window}, ${wanted})
    ON CONFLICT (endpoint_id) DO UPDATE SET
      used = CASE WHEN webhook_rate_windows.window_start >= EXCLUDED.window_start THEN webhook_rate_windows.used + EXCLUDED.used ELSE EXCLUDED.used END,
      window_start = GREATEST(webhook_rate_windows.window_start, EXCLUDED.window_start)
    RETURNING used`;
  const before = Number(row?.used ?? wanted) - wanted;
  return Math.max(0, Math.min(wanted, limitPerSecond - before));
}

interface RateClaim {
  id: string;
  endpoint_id: string;
  rate_limit: number;
  seq: bigint;
}

/**
 * Of a pass's claims, those within their endpoint's limit; the others go back unclaimed, due
 * at the next window, their attempt number given back — a deferral is not a failed attempt.
 * Within an endpoint the earliest (lowest seq) go first.
 */
export async function withinRateLimits<C extends RateClaim>(claims: C[], now: Date): Promise<C[]> {
  const byEndpoint = new Map<string, C[]>();
  for (const c of claims) byEndpoint.set(c.endpoint_id, [...(byEndpoint.get(c.endpoint_id) ?? []), c]);
  const allowed: C[] = [];
  const deferred: string[] = [];
  await Promise.all(
    [...byEndpoint.values()].map(async (group) => {
      group.sort((a, b) => (a.seq < b.seq ? -1 : 1));
      const granted = await takeSends(group[0]!.endpoint_id, group[0]!.rate_limit, group.length, now);
      allowed.push(...group.slice(0, granted));
      deferred.push(...group.slice(granted).map((c) => c.id));
    }),
  );
  if (deferred.length > 0) {
    const nextWindow = new Date(rateWindowOf(now).getTime() + RATE_WINDOW_MS);
    await db().$executeRaw`
      UPDATE webhook_deliveries SET attempts = attempts - 1, locked_until = NULL, next_attempt_at = ${nextWindow}, updated_at = ${now}
      WHERE id = ANY(${deferred}::uuid[])`;
  }
  return allowed;
}
