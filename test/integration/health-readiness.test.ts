import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { noteDatabaseUnavailable } from "@/lib/core/database-outage";
import { db } from "@/lib/db/client";
import { checkHealth } from "@/lib/health";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";

/**
 * Readiness under load (decision 055): a database that answers, but not within the probe's
 * 2 s because every pooled connection is busy, keeps the instance in rotation (degraded, 200);
 * only a database the pool has seen unreachable takes it out (unavailable, 503).
 */
let database: TestDatabase;
beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
});
afterAll(async () => database.close());

/** Every connection of the test database's pool (10 on PostgreSQL, PGlite's one) held for `ms`. */
async function withPoolBusy<T>(ms: number, probe: () => Promise<T>): Promise<T> {
  const connections = database.kind === "postgresql" ? 10 : 1;
  const holders = Array.from({ length: connections }, () =>
    db().$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1`;
      await new Promise((resolve) => setTimeout(resolve, ms));
    }),
  );
  // Let every holder take its connection before the probe queues behind them.
  await new Promise((resolve) => setTimeout(resolve, 300));
  try {
    return await probe();
  } finally {
    await Promise.all(holders);
  }
}

describe("/api/health's readiness when the database is slow, not down", () => {
  it("a probe that waits past 2 s behind a busy pool is degraded (still ready), naming the database busy", async () => {
    const health = await withPoolBusy(3_000, () => checkHealth());
    expect(health.status).toBe("degraded");
    expect(health.database).toMatch(/busy \(no answer within 2 s\)/);
    expect(health.worker).toBe("unknown (database busy)");
    // And ready again once the pool frees up.
    expect((await checkHealth()).status).toBe("ok");
  });

  it("the same wait after the pool saw the database unreachable is down (unavailable: 503)", async () => {
    const health = await withPoolBusy(3_000, async () => {
      noteDatabaseUnavailable();
      return checkHealth();
    });
    expect(health).toMatchObject({ status: "unavailable", database: "down" });
  });
});
