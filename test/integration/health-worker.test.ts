import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
