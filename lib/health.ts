import { databaseKind, db } from "./db/client";
import { runnerInProcess } from "./jobs/runner";
import { log } from "./log/logger";
import { pingRateLimitStore } from "./security/rate-limit/limiter";
import { scannerHealth } from "./uploads/scanner-health";
import { deliveryBacklog } from "./webhooks/worker";

export interface Health {
  status: "ok" | "degraded" | "unavailable";
  database: string;
  ratelimit: string;
  worker: string;
  /** The knowledge-base virus scanner (issue 17 item 9). */
  scanner: string;
}

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

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timed out")), TIMEOUT_MS).unref()),
  ]);
}

/**
 * Database down → unavailable (503); rate-limit store down but counting in memory, or webhook
 * deliveries overdue for minutes (no worker keeping up) → degraded.
 */
export async function checkHealth(): Promise<Health> {
  let database: string;
  try {
    await withTimeout(db().$queryRaw`SELECT 1`);
    database = databaseKind();
  } catch (error) {
    log().error({ err: error }, "health: database unreachable");
    database = "down";
  }
  const store = await pingRateLimitStore();
  const ratelimit = store.reachable ? store.kind : `${store.kind} unreachable, counting in memory`;
  const worker = database === "down" ? { text: "unknown (database down)", stalled: false } : await workerHealth();
  const scanner = await withTimeout(scannerHealth()).catch(() => ({ text: "unknown (check failed)", degraded: true }));
  const status = database === "down" ? "unavailable" : store.reachable && !worker.stalled && !scanner.degraded ? "ok" : "degraded";
  return { status, database, ratelimit, worker: worker.text, scanner: scanner.text };
}
