import { databaseKind, db } from "./db/client";
import { log } from "./log/logger";
import { pingRateLimitStore } from "./security/rate-limit/limiter";

export interface Health {
  status: "ok" | "degraded" | "unavailable";
  database: string;
  ratelimit: string;
}

const TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timed out")), TIMEOUT_MS).unref()),
  ]);
}

/** Database down → unavailable (503); rate-limit store down but counting in memory → degraded. */
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
  const status = database === "down" ? "unavailable" : store.reachable ? "ok" : "degraded";
  return { status, database, ratelimit };
}
