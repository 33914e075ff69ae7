import { AppError } from "../core/errors";
import type { Principal } from "../authz/principal";
import { DISABLE_AFTER_FAILING_MS } from "./disable";

/**
 * Delivery health of one endpoint (issue 20): over the last 24 hours (hourly buckets) or 7
 * days (6-hourly), from its delivery attempts — how many, how many succeeded (2xx), latency
 * percentiles — with when it started failing and when the worker will disable it for that.
 * Read-only and workspace-scoped (the principal's data(), under row-level security); the
 * attempts' response excerpts are never read here.
 *
 * Cost: attempts carry their endpoint (a trigger copies it from the delivery), so both
 * queries are one range of the (endpoint_id, started_at) index, however busy the workspace.
 */

export const HEALTH_WINDOWS = ["24h", "7d"] as const;
export type HealthWindow = (typeof HEALTH_WINDOWS)[number];

const HOUR_MS = 3_600_000;
/** Bucket width and count per window: 24 × 1 h, 28 × 6 h. */
const SHAPE: Record<HealthWindow, { bucketMs: number; buckets: number }> = {
  "24h": { bucketMs: HOUR_MS, buckets: 24 },
  "7d": { bucketMs: 6 * HOUR_MS, buckets: 28 },
};


export interface HealthBucket {
  start: string;
  succeeded: number;
  failed: number;
}

export interface EndpointHealth {
  endpoint_id: string;
  window: HealthWindow;
  /** The window is whole buckets: from the start of the oldest to the end of the current one. */
  from: string;
  to: string;
  bucket_seconds: number;
  attempts: number;
  succeeded: number;
  failed: number;
  /** succeeded / attempts, 0–1; null without attempts. */
  success_rate: number | null;
  /** Over every attempt of the window, timeouts included (they count as the time waited). */
  latency_ms: { p50: number | null; p99: number | null };
  enabled: boolean;
  failing_since: string | null;
  /** When the worker disables it if nothing succeeds before: failing_since + 5 days; null unless enabled and failing. */
  auto_disable_at: string | null;
  buckets: HealthBucket[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The window's whole buckets, the last one holding `now`. */
export function healthRange(window: HealthWindow, now: Date): { from: Date; to: Date; bucketMs: number; buckets: number } {
  const { bucketMs, buckets } = SHAPE[window];
  const to = new Date((Math.floor(now.getTime() / bucketMs) + 1) * bucketMs);
  return { from: new Date(to.getTime() - buckets * bucketMs), to, bucketMs, buckets };
}

export async function endpointHealth(viewer: Principal, endpointId: string, window: HealthWindow, now = new Date()): Promise<EndpointHealth> {
  const endpoint = UUID.test(endpointId ?? "")
    ? await viewer.data((tx) =>
        tx.webhookEndpoint.findFirst({
          where: { id: endpointId, workspaceId: viewer.workspace.id, mode: viewer.mode, deletedAt: null },
          select: { id: true, enabled: true, failingSince: true },
        }),
      )
    : null;
  if (!endpoint) throw new AppError("NOT_FOUND", "No such webhook endpoint.");
  const { from, to, bucketMs, buckets } = healthRange(window, now);
  const bucketSeconds = bucketMs / 1000;
  const [summary, perBucket] = await viewer.data(async (tx) => [
    await tx.$queryRaw<{ attempts: number; succeeded: number; p50: number | null; p99: number | null }[]>`
        SELECT count(*)::int AS attempts,
               count(*) FILTER (WHERE status_code BETWEEN 200 AND 299)::int AS succeeded,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms)::float8 AS p50,
               percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms)::float8 AS p99
        FROM webhook_attempts
        WHERE endpoint_id = ${endpoint.id}::uuid AND workspace_id = ${viewer.workspace.id}::uuid
          AND started_at >= ${from} AND started_at < ${to}`,
    await tx.$queryRaw<{ bucket: number; attempts: number; succeeded: number }[]>`
        SELECT floor(extract(epoch FROM started_at - ${from}::timestamptz) / ${bucketSeconds}::int)::int AS bucket,
               count(*)::int AS attempts,
               count(*) FILTER (WHERE status_code BETWEEN 200 AND 299)::int AS succeeded
        FROM webhook_attempts
        WHERE endpoint_id = ${endpoint.id}::uuid AND workspace_id = ${viewer.workspace.id}::uuid
          AND started_at >= ${from} AND started_at < ${to}
        GROUP BY 1`,
  ] as const);
  const list: HealthBucket[] = Array.from({ length: buckets }, (_, i) => ({ start: new Date(from.getTime() + i * bucketMs).toISOString(), succeeded: 0, failed: 0 }));
  for (const row of perBucket) {
    const bucket = list[row.bucket];
    if (!bucket) continue;
    bucket.succeeded = row.succeeded;
    bucket.failed = row.attempts - row.succeeded;
  }
  const attempts = summary[0]?.attempts ?? 0;
  const succeeded = summary[0]?.succeeded ?? 0;
  const round = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : Math.round(ms));
  const failingSince = endpoint.failingSince;
  return {
    endpoint_id: endpoint.id,
    window,
    from: from.toISOString(),
    to: to.toISOString(),
    bucket_seconds: bucketSeconds,
    attempts,
    succeeded,
    failed: attempts - succeeded,
    success_rate: attempts ? succeeded / attempts : null,
    latency_ms: { p50: round(summary[0]?.p50), p99: round(summary[0]?.p99) },
    enabled: endpoint.enabled,
    failing_since: failingSince?.toISOString() ?? null,
    auto_disable_at: endpoint.enabled && failingSince ? new Date(failingSince.getTime() + DISABLE_AFTER_FAILING_MS).toISOString() : null,
    buckets: list,
  };
}
