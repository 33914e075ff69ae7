import { randomUUID } from "node:crypto";
import { db } from "../db/client";
import { log } from "../log/logger";
import { checkOutboundUrl, OutboundRefused, recordOutboundRefusal, safeFetch } from "../security/outbound";
import { MAX_ATTEMPTS, retryDelayMs } from "./backoff";
import { DISABLE_AFTER_FAILING_MS, disableEndpoint, EXHAUSTED_NOTICE_EVERY_MS, noticeExhausted } from "./disable";
import { withinRateLimits } from "./rate-limit";
import { nextDelayMs } from "./retry-after";
import { signDelivery } from "./schemes";

/** How long a claim holds a delivery: longer than the 30-second timeout, so only a crashed worker's claim lapses. */
const CLAIM_MS = 2 * 60_000;
const TIMEOUT_MS = 30_000;
const EXCERPT_BYTES = 2048;
/** Deliveries one pass claims and sends at once (the bench's figures: README, Performance). */
export const BATCH = 50;

interface Claimed {
  id: string;
  workspace_id: string;
  event_id: string;
  endpoint_id: string;
  attempt: number;
  /** The endpoint's deliveries per second (decision 051). */
  rate_limit: number;
  /** The delivery's place in the outbox: ordering within an ordering key, and who is deferred first. */
  seq: bigint;
}

export interface WorkerDeps {
  now: () => Date;
  random?: () => number;
  /** Per-attempt timeout (tests shorten it). */
  timeoutMs?: number;
  /**
   * Aborted when a shutdown's grace period runs out (lib/jobs/runner.ts, decision 053): a claim
   * not yet sent goes back as it was; an attempt in flight is cut, recorded, and due again at once.
   */
  signal?: AbortSignal;
}

/**
 * Claims due deliveries across workspaces: `FOR UPDATE SKIP LOCKED` lets several workers
 * run at once without two claiming one row, and the claim itself numbers the attempt, so
 * no attempt is sent twice. A claim lapses after CLAIM_MS: a worker killed mid-delivery
 * loses nothing — the delivery is claimed again (at-least-once; receivers dedupe by event id).
 * A cancelled workspace's deliveries wait unclaimed; they resume if it is reactivated.
 *
 * Ordering (decision 051): a delivery with an ordering key (the call's id, set by the outbox)
 * is not claimed while an earlier delivery (lower seq) with the same key to the same endpoint
 * is still pending — waiting, being attempted, or waiting for its retry. The NOT EXISTS reads
 * the (endpoint_id, ordering_key, seq) index; deliveries without a key skip it.
 *
 * The paused-workspace test is a `<> ALL` list (hashed once per claim), not a NOT EXISTS: as
 * an anti-join the planner guessed that almost no delivery survives it, so it sorted every
 * due delivery — running the ordering check on each — at every pass, a cost that grew with
 * the backlog. As a filter the claim walks the (status, next_attempt_at) index in order and
 * stops at `limit`. (Same rows: workspace ids are never null.)
 */
export async function claimDue(limit: number, now: Date): Promise<Claimed[]> {
  return db().$queryRaw<Claimed[]>`
    UPDATE webhook_deliveries d SET locked_until = ${new Date(now.getTime() + CLAIM_MS)}, attempts = d.attempts + 1, updated_at = ${now}
    FROM (
      SELECT id FROM webhook_deliveries
      WHERE status = 'pending' AND next_attempt_at <= ${now} AND (locked_until IS NULL OR locked_until <= ${now})
        AND workspace_id <> ALL (SELECT w.id FROM workspaces w WHERE w.cancelled_at IS NOT NULL OR w.suspended_at IS NOT NULL)
        AND (ordering_key IS NULL OR NOT EXISTS (
          SELECT 1 FROM webhook_deliveries earlier
          WHERE earlier.endpoint_id = webhook_deliveries.endpoint_id AND earlier.ordering_key = webhook_deliveries.ordering_key
            AND earlier.seq < webhook_deliveries.seq AND earlier.status = 'pending'))
      ORDER BY next_attempt_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ) due
    WHERE d.id = due.id
    RETURNING d.id, d.workspace_id, d.event_id, d.endpoint_id, d.attempts AS attempt, d.seq,
      (SELECT e.rate_limit_per_second FROM webhook_endpoints e WHERE e.id = d.endpoint_id) AS rate_limit`;
}

/**
 * Redirects are never followed (a 3xx is a failed attempt). One that points at an internal
 * address is an SSRF attempt all the same: it is recorded as a security event.
 */
async function noteRedirect(endpoint: { url: string; workspaceId: string }, location: string | undefined) {
  if (!location) return;
  try {
    await checkOutboundUrl(new URL(location, endpoint.url).toString());
  } catch (e) {
    await recordOutboundRefusal(e, { workspaceId: endpoint.workspaceId, purpose: "webhook_redirect" });
  }
}

type EventRow = NonNullable<Awaited<ReturnType<ReturnType<typeof db>["webhookEvent"]["findUnique"]>>>;
type EndpointRow = NonNullable<Awaited<ReturnType<ReturnType<typeof db>["webhookEndpoint"]["findUnique"]>>>;
/** A pass's events and endpoints, read once for the whole batch (runOnce). */
interface Loaded {
  events: Map<string, EventRow>;
  endpoints: Map<string, EndpointRow>;
}

async function load(claims: Claimed[]): Promise<Loaded> {
  const [events, endpoints] = await Promise.all([
    db().webhookEvent.findMany({ where: { id: { in: [...new Set(claims.map((c) => c.event_id))] } } }),
    db().webhookEndpoint.findMany({ where: { id: { in: [...new Set(claims.map((c) => c.endpoint_id))] } } }),
  ]);
  return { events: new Map(events.map((e) => [e.id, e])), endpoints: new Map(endpoints.map((e) => [e.id, e])) };
}

/** One attempt made and not yet written: what `record` writes for a pass in one transaction. */
interface Sent {
  claim: Claimed;
  endpoint: EndpointRow;
  attempt: { workspaceId: string; deliveryId: string; number: number; startedAt: Date; latencyMs: number; statusCode: number | null; error: string | null; responseExcerpt: string | null };
  outcome: "succeeded" | "retry" | "failed";
  nextAttemptAt: Date | null;
  ok: boolean;
  gone: boolean;
  cutByShutdown: boolean;
  finished: Date;
}

/** Sends one claimed attempt; writes only when it sends nothing (skipped, released). */
async function send(claim: Claimed, deps: WorkerDeps, loaded: Loaded): Promise<Sent | "skipped" | "released"> {
  const started = deps.now();
  const event = loaded.events.get(claim.event_id);
  const endpoint = loaded.endpoints.get(claim.endpoint_id);
  if (!event || !endpoint || !endpoint.enabled || endpoint.deletedAt) {
    // Disabled or deleted since: the delivery ends without a request.
    await db().webhookDelivery.update({ where: { id: claim.id }, data: { status: "failed", lockedUntil: null } });
    return "skipped";
  }
  if (deps.signal?.aborted) {
    // Shutting down before anything was sent: the claim and its attempt number go back.
    await db().webhookDelivery.update({ where: { id: claim.id }, data: { lockedUntil: null, attempts: { decrement: 1 } } });
    return "released";
  }
  let statusCode: number | null = null;
  let error: string | null = null;
  let excerpt: string | null = null;
  let retryAfter: string | string[] | undefined;
  const t0 = performance.now();
  try {
    const headers = await signDelivery(endpoint, event, started);
    const response = await safeFetch(endpoint.url, {
      method: "POST",
      headers,
      body: event.body,
      timeoutMs: deps.timeoutMs ?? TIMEOUT_MS,
      maxResponseBytes: EXCERPT_BYTES,
      signal: deps.signal,
    });
    statusCode = response.status;
    // PostgreSQL text cannot hold NUL: a receiver answering one must not fail the pass's record.
    excerpt = response.body.toString("utf8").slice(0, EXCERPT_BYTES).replaceAll("\0", "\uFFFD");
    retryAfter = response.headers["retry-after"];
    if (statusCode >= 300 && statusCode < 400) await noteRedirect(endpoint, response.headers.location);
  } catch (e) {
    if (e instanceof OutboundRefused) {
      // Policy refusals (a private address, say) are security events; network failures are not.
      error = `${e.isPolicyRefusal ? "refused" : e.reason}: ${e.message}`.slice(0, 200);
      await recordOutboundRefusal(e, { workspaceId: endpoint.workspaceId, purpose: "webhook_delivery" });
    } else {
      error = e instanceof Error ? e.message.slice(0, 200) : "request failed";
    }
  }
  const latencyMs = Math.round(performance.now() - t0);
  const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
  // 410 Gone: the receiver says the endpoint is no more; the delivery ends and so does the endpoint.
  const gone = statusCode === 410;
  const outcome = ok ? "succeeded" : gone || claim.attempt >= MAX_ATTEMPTS ? "failed" : "retry";
  const finished = deps.now();
  // Cut by our own shutdown, not the receiver's fault: due again at once, for another worker.
  const cutByShutdown = !ok && deps.signal?.aborted === true;
  const nextAttemptAt =
    outcome !== "retry" ? null : cutByShutdown ? finished : new Date(finished.getTime() + nextDelayMs(retryDelayMs(claim.attempt, deps.random), statusCode, retryAfter, finished));
  return {
    claim,
    endpoint,
    attempt: { workspaceId: endpoint.workspaceId, deliveryId: claim.id, number: claim.attempt, startedAt: started, latencyMs, statusCode, error, responseExcerpt: excerpt },
    outcome,
    nextAttemptAt,
    ok,
    gone,
    cutByShutdown,
    finished,
  };
}

/**
 * Writes a pass's attempts in one statement: the attempt rows and every delivery's new state
 * (one INSERT and one UPDATE joined by a CTE, all or nothing like a transaction, with no
 * BEGIN/COMMIT round trips), the whole pass as one JSON parameter whatever the batch size.
 * Each endpoint's failing state is written only where it changed (every delivery rewriting a
 * busy endpoint's row queued all workers on its lock) — then in one transaction with the
 * rest. One commit per pass, not one per delivery, and one pool connection, not one per
 * concurrent delivery. Answers each endpoint's failing state after the pass.
 */
async function record(sent: Sent[], now: Date): Promise<Map<string, Date | null>> {
  // Failing since the first failure after a success; a success clears it. In finishing order.
  const failing = new Map<string, Date | null>();
  for (const s of [...sent].sort((a, b) => a.finished.getTime() - b.finished.getTime())) {
    const before = failing.has(s.endpoint.id) ? failing.get(s.endpoint.id)! : s.endpoint.failingSince;
    failing.set(s.endpoint.id, s.ok ? null : (before ?? s.finished));
  }
  const changed = [...failing].filter(([id, since]) => (since?.getTime() ?? null) !== (sent.find((s) => s.endpoint.id === id)!.endpoint.failingSince?.getTime() ?? null));
  const rows = JSON.stringify(
    sent.map(({ attempt, outcome, nextAttemptAt }) => ({
      attempt_id: randomUUID(),
      workspace_id: attempt.workspaceId,
      delivery_id: attempt.deliveryId,
      number: attempt.number,
      started_at: attempt.startedAt.toISOString(),
      latency_ms: attempt.latencyMs,
      status_code: attempt.statusCode,
      error: attempt.error,
      response_excerpt: attempt.responseExcerpt,
      status: outcome === "retry" ? "pending" : outcome,
      next_at: nextAttemptAt?.toISOString() ?? null,
    })),
  );
  const attemptsAndDeliveries = db().$executeRaw`
    WITH v AS (
      SELECT * FROM jsonb_to_recordset(${rows}::jsonb) AS v(attempt_id uuid, workspace_id uuid, delivery_id uuid, number int, started_at timestamptz,
        latency_ms int, status_code int, error text, response_excerpt text, status text, next_at timestamptz)
    ), attempts AS (
      INSERT INTO webhook_attempts (id, workspace_id, delivery_id, number, started_at, latency_ms, status_code, error, response_excerpt)
      SELECT attempt_id, workspace_id, delivery_id, number, started_at, latency_ms, status_code, error, response_excerpt FROM v
    )
    UPDATE webhook_deliveries d SET status = v.status, last_status = v.status_code, locked_until = NULL,
      next_attempt_at = COALESCE(v.next_at, d.next_attempt_at), updated_at = ${now}
    FROM v WHERE d.id = v.delivery_id`;
  if (changed.length === 0) await attemptsAndDeliveries;
  else await db().$transaction([attemptsAndDeliveries, ...changed.map(([id, failingSince]) => db().webhookEndpoint.update({ where: { id }, data: { failingSince } }))]);
  return failing;
}

/**
 * What a pass's failures set off, once per endpoint (decision 050): 410 disables at once; a
 * failure 5 days after the first of an unbroken run disables; a delivery out of retries tells
 * the owners (once a day — skipped without a transaction while the last notice is recent).
 */
async function afterFailures(sent: Sent[], failing: Map<string, Date | null>, now: Date) {
  const failed = sent.filter((s) => !s.ok && !s.cutByShutdown);
  for (const endpointId of new Set(failed.map((s) => s.endpoint.id))) {
    const mine = failed.filter((s) => s.endpoint.id === endpointId);
    const endpoint = { ...mine[0]!.endpoint, failingSince: failing.get(endpointId) ?? null };
    const exhausted = mine.find((s) => s.outcome === "failed" && !s.gone);
    if (mine.some((s) => s.gone)) await disableEndpoint(endpoint, "gone", now);
    else if (endpoint.failingSince && now.getTime() - endpoint.failingSince.getTime() >= DISABLE_AFTER_FAILING_MS) await disableEndpoint(endpoint, "failing", now);
    else if (exhausted && !(endpoint.exhaustedNotifiedAt && now.getTime() - endpoint.exhaustedNotifiedAt.getTime() < EXHAUSTED_NOTICE_EVERY_MS)) {
      await noticeExhausted(endpoint, { id: exhausted.claim.id, eventId: exhausted.claim.event_id }, now);
    }
  }
}

type Outcome = "succeeded" | "retry" | "failed" | "skipped" | "released";

/** Sends one claimed attempt and records it; schedules the retry or ends the delivery. */
export async function deliver(claim: Claimed, deps: WorkerDeps, loaded?: Loaded): Promise<Outcome> {
  return (await deliverAll([claim], deps, loaded ?? (await load([claim]))))[0] ?? "skipped";
}

/** Sends a pass's claims concurrently, then records them together and handles their failures. */
async function deliverAll(claims: Claimed[], deps: WorkerDeps, loaded: Loaded): Promise<Outcome[]> {
  const results = await Promise.all(
    claims.map((c) =>
      send(c, deps, loaded).catch((err: unknown) => {
        // Not recorded: the claim lapses and another pass retries it.
        log().error({ err, delivery: c.id }, "webhook delivery crashed");
        return "skipped" as const;
      }),
    ),
  );
  const sent = results.filter((r): r is Sent => typeof r === "object");
  if (sent.length > 0) {
    const now = deps.now();
    await afterFailures(sent, await record(sent, now), now);
  }
  return results.map((r) => (typeof r === "object" ? r.outcome : r));
}

/**
 * One pass: claim up to `batch` due deliveries, hand back those over their endpoint's rate
 * limit (deferred to the next second, the attempt not counted), send the rest concurrently
 * and record them in one transaction. The webhook-deliveries job (lib/jobs/registry.ts) runs
 * it every second, and again at once while passes find work. Answers how many were sent.
 */
export async function runOnce(deps: WorkerDeps, batch = BATCH): Promise<number> {
  const now = deps.now();
  const claims = await withinRateLimits(await claimDue(batch, now), now);
  if (claims.length === 0) return 0;
  await deliverAll(claims, deps, await load(claims)).catch((err: unknown) => {
    // Not recorded: the claims lapse and another pass retries them (at-least-once).
    log().error({ err, deliveries: claims.length }, "recording webhook deliveries failed");
  });
  return claims.length;
}

/** Overdue deliveries: a backlog older than a few minutes means no worker is keeping up. */
export async function deliveryBacklog(now = new Date()): Promise<{ overdue: number; oldestSeconds: number }> {
  const [row] = await db().$queryRaw<{ n: bigint; oldest: Date | null }[]>`
    SELECT count(*) AS n, min(next_attempt_at) AS oldest FROM webhook_deliveries d WHERE status = 'pending' AND next_attempt_at <= ${now}
      AND NOT EXISTS (SELECT 1 FROM workspaces w WHERE w.id = d.workspace_id AND (w.cancelled_at IS NOT NULL OR w.suspended_at IS NOT NULL))`;
  // count(*) always answers one row; without one, nothing is overdue.
  const oldest = row?.oldest;
  return { overdue: Number(row?.n ?? 0), oldestSeconds: oldest ? Math.round((now.getTime() - oldest.getTime()) / 1000) : 0 };
}
