import { databaseUnavailableSince, outageMark } from "./core/database-outage";
import { isDraining } from "./core/draining";
import { databaseKind, db } from "./db/client";
import { runnerInProcess } from "./jobs/runner";
import { log } from "./log/logger";
import { pingRateLimitStore } from "./security/rate-limit/limiter";
import { scannerHealth } from "./uploads/scanner-health";
import { deliveryBacklog } from "./webhooks/worker";

export interface Health {
  /** "draining": this instance is shutting down (SIGTERM) and takes no new work: 503, checks skipped. */
  status: "ok" | "degraded" | "unavailable" | "draining";
  database: string;
  ratelimit: string;
  worker: string;
  /**
   * This instance's clock minus the database's, in milliseconds (null when the database is
   * down). Audit and security events are stamped by the app server and the retention
   * triggers judge age by the database's clock, so the two must agree (ASVS V16.2.2).
   */
  clock_skew_ms: number | null;
  /** The knowledge-base virus scanner (issue 17 item 9). */
  scanner: string;
}

/** A skew beyond this (after the round trip's own uncertainty) is reported as degraded. */
const CLOCK_SKEW_LIMIT_MS = 1_000;

/** Deliveries overdue by more than this mean no worker is keeping up. */
const STALLED_AFTER_SECONDS = 300;

async function workerHealth(): Promise<{ text: string; stalled: boolean }> {
  const here = runnerInProcess("webhook-deliveries") ? "running in this process" : "not in this process";
  try {
    const backlog = await withTimeout(deliveryBacklog());
    const stalled = backlog.oldestSeconds > STALLED_AFTER_SECONDS;
    return { text: stalled ? `stalled: ${backlog.overdue} deliveries overdue, oldest ${backlog.oldestSeconds} s (${here})` : here, stalled };
  } catch {
    return { text: `${here}; backlog unknown`, stalled: false };
  }
}

const TIMEOUT_MS = 2_000;
/**
 * A probe that times out is "down" only if the pool saw the database unreachable within this
 * window (a connection refused or lost; a connection attempt gives up after 10 s, so a silent
 * network failure is noted too); otherwise the database answers, just not within 2 s.
 */
const OUTAGE_LOOKBACK_MS = 15_000;

class ProbeTimeout extends Error {
  constructor() {
    super("timed out");
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new ProbeTimeout()), TIMEOUT_MS).unref())]);
}

/**
 * Database down → unavailable (503); rate-limit store down but counting in memory, webhook
 * deliveries overdue for minutes (no worker keeping up), or this server's clock more than a
 * second away from the database's → degraded. Shutting down → draining (503).
 *
 * A database that is reachable but slow to answer (every pooled connection busy under load)
 * is degraded, not down (decision 055): taking this instance out of rotation would not make
 * the shared database faster, and under a saturating load each instance's probe timing out in
 * turn sent all traffic to the other (the cluster harness's instances flapped).
 */
export async function checkHealth(): Promise<Health> {
  // A balancer must stop sending at once (decision 053): no dependency is asked.
  if (isDraining()) return { status: "draining", database: "not checked (draining)", ratelimit: "not checked (draining)", worker: "not checked (draining)", clock_skew_ms: null, scanner: "not checked (draining)" };
  let database: string;
  let busy = false;
  let skew: { ms: number; uncertaintyMs: number } | null = null;
  const probed = outageMark();
  try {
    const sent = Date.now();
    const [row] = await withTimeout(db().$queryRaw<{ now_ms: bigint }[]>`SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now_ms`);
    const received = Date.now();
    if (row) skew = { ms: Math.round((sent + received) / 2 - Number(row.now_ms)), uncertaintyMs: (received - sent) / 2 };
    database = databaseKind();
  } catch (error) {
    if (error instanceof ProbeTimeout && !databaseUnavailableSince(probed - OUTAGE_LOOKBACK_MS)) {
      log().warn("health: the database did not answer within 2 s, and no connection to it failed: busy, not down");
      database = `${databaseKind()}, busy (no answer within ${TIMEOUT_MS / 1000} s)`;
      busy = true;
    } else {
      log().error({ err: error }, "health: database unreachable");
      database = "down";
    }
  }
  const store = await pingRateLimitStore();
  const ratelimit = store.reachable ? store.kind : `${store.kind} unreachable, counting in memory`;
  const worker = database === "down" || busy ? { text: `unknown (database ${busy ? "busy" : "down"})`, stalled: false } : await workerHealth();
  const scanner = await withTimeout(scannerHealth()).catch(() => ({ text: "unknown (check failed)", degraded: true }));
  const clockOff = skew !== null && Math.abs(skew.ms) - skew.uncertaintyMs > CLOCK_SKEW_LIMIT_MS;
  if (clockOff) log().warn({ clockSkewMs: skew!.ms }, "health: this server's clock and the database's disagree");
  const status = database === "down" ? "unavailable" : !busy && store.reachable && !worker.stalled && !clockOff && !scanner.degraded ? "ok" : "degraded";
  return { status, database, ratelimit, worker: worker.text, clock_skew_ms: skew?.ms ?? null, scanner: scanner.text };
}
