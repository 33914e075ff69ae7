import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { checkHealth } from "@/lib/health";
import { webhookDeliveriesJob } from "@/lib/jobs/registry";
import { startJobRunner } from "@/lib/jobs/runner";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";

let database: TestDatabase;
beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
});
afterAll(async () => database.close());

describe("/api/health and the webhook worker", () => {
  it("says whether a worker runs here, and turns degraded when deliveries are overdue", async () => {
    expect(await checkHealth()).toMatchObject({ status: "ok", worker: "not in this process" });
    const worker = startJobRunner([{ ...webhookDeliveriesJob, intervalMs: 50 }]);
    try {
      expect((await checkHealth()).worker).toBe("running in this process");
    } finally {
      await worker.stop();
    }
    const w = await db().workspace.create({ data: { slug: "health-a", name: "H" } });
    const endpoint = await db().webhookEndpoint.create({ data: { workspaceId: w.id, mode: "live", url: "https://example.com/h", events: ["webhook.test"], secretEnc: "x" } });
    await db().webhookEvent.create({ data: { id: "evt_health", workspaceId: w.id, mode: "live", type: "webhook.test", body: "{}" } });
    await db().webhookDelivery.create({ data: { workspaceId: w.id, eventId: "evt_health", endpointId: endpoint.id, nextAttemptAt: new Date(Date.now() - 10 * 60_000) } });
    const health = await checkHealth();
    expect(health.status).toBe("degraded");
    expect(health.worker).toMatch(/^stalled: 1 deliveries overdue/);
  });
});

describe("/api/health and the clocks", () => {
  it("reports this server's clock against the database's", async () => {
    const health = await checkHealth();
    expect(typeof health.clock_skew_ms).toBe("number");
    expect(Math.abs(health.clock_skew_ms!)).toBeLessThan(1_000);
  });

  // PGlite runs inside this process and reads its clock: only a database server can disagree.
  it.skipIf(!process.env.TEST_DATABASE_URL)("turns degraded when this server's clock is a minute away from the database's", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 60_000 });
    try {
      const health = await checkHealth();
      expect(health.clock_skew_ms).toBeGreaterThan(55_000);
      expect(health.status).toBe("degraded");
    } finally {
      vi.useRealTimers();
    }
  });
});
