import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { DISABLE_AFTER_FAILING_MS } from "@/lib/webhooks/disable";
import { endpointHealth, healthRange } from "@/lib/webhooks/health";
import { call, insertKey } from "../support/api";
import { callsWorkspace } from "../support/calls";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { present } from "../support/items";

/**
 * Delivery health (lib/webhooks/health.ts) from attempt rows seeded at known times, with
 * known latencies and answers; and its API route's scope and workspace isolation.
 */
const NOW = new Date("2026-12-04T10:30:00Z");
const HOUR = 3_600_000;

let database: TestDatabase;
let a: Awaited<ReturnType<typeof callsWorkspace>>;
let b: Awaited<ReturnType<typeof callsWorkspace>>;
let endpointA: string;
let quietEndpoint: string;
let endpointB: string;

async function endpointOf(workspaceId: string, mode: "live" | "test", failingSince: Date | null = null) {
  const e = await db().webhookEndpoint.create({ data: { workspaceId, mode, url: "https://hooks.example.com/in", events: ["call.completed"], secretEnc: "sealed", failingSince } });
  return e.id;
}

/** One delivery of a fresh event with the given attempts (started `hoursAgo` before NOW). */
async function seedAttempts(workspaceId: string, endpointId: string, attempts: { hoursAgo: number; status: number | null; latencyMs: number }[]) {
  const eventId = `evt_${Math.random().toString(36).slice(2, 14)}`;
  await db().webhookEvent.create({ data: { id: eventId, workspaceId, mode: "live", type: "call.completed", body: "{}" } });
  const delivery = await db().webhookDelivery.create({ data: { workspaceId, eventId, endpointId } });
  await db().webhookAttempt.createMany({
    data: attempts.map((t, i) => ({
      workspaceId,
      deliveryId: delivery.id,
      number: i + 1,
      startedAt: new Date(NOW.getTime() - t.hoursAgo * HOUR),
      latencyMs: t.latencyMs,
      statusCode: t.status,
      error: t.status === null ? "timeout" : null,
      responseExcerpt: "secret-looking receiver text",
    })),
  });
}

beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
  a = await callsWorkspace("health-a");
  b = await callsWorkspace("health-b");
  endpointA = await endpointOf(a.workspace.id, "live", new Date(NOW.getTime() - 2 * HOUR));
  quietEndpoint = await endpointOf(a.workspace.id, "live");
  endpointB = await endpointOf(b.workspace.id, "live");
  // Last 24 h: 100 attempts, latencies 1..100 ms; every 4th a 500 (25 failures), one of them a timeout.
  const recent = Array.from({ length: 100 }, (_, i) => ({ hoursAgo: 0.25 + (i % 20), status: i % 4 === 3 ? (i === 99 ? null : 500) : 200, latencyMs: i + 1 }));
  await seedAttempts(a.workspace.id, endpointA, recent.slice(0, 50));
  await seedAttempts(a.workspace.id, endpointA, recent.slice(50));
  // 3 days ago: 10 more failures of 9 s; 8 days ago (outside both windows): 5 successes.
  await seedAttempts(a.workspace.id, endpointA, Array.from({ length: 10 }, () => ({ hoursAgo: 72, status: 503, latencyMs: 9000 })));
  await seedAttempts(a.workspace.id, endpointA, Array.from({ length: 5 }, () => ({ hoursAgo: 8 * 24, status: 204, latencyMs: 5 })));
  // The other workspace's endpoint: attempts that must never count for A.
  await seedAttempts(b.workspace.id, endpointB, Array.from({ length: 7 }, () => ({ hoursAgo: 1, status: 200, latencyMs: 40 })));
});

afterAll(async () => {
  await database.close();
});

describe("delivery health from attempt rows", () => {
  it("the trigger names each attempt's endpoint", async () => {
    expect(await db().webhookAttempt.count({ where: { endpointId: endpointA } })).toBe(115);
    expect(await db().webhookAttempt.count({ where: { endpointId: null } })).toBe(0);
  });

  it("24 h: counts, success rate and percentiles of exactly the window's attempts", async () => {
    const owner = (await a.member(a.owner)).inMode("live");
    const h = await endpointHealth(owner, endpointA, "24h", NOW);
    expect(h).toMatchObject({ window: "24h", attempts: 100, succeeded: 75, failed: 25, success_rate: 0.75, bucket_seconds: 3600 });
    // percentile_cont over 1..100: p50 = 50.5 → 51 (rounded), p99 = 99.01 → 99.
    expect(h.latency_ms).toEqual({ p50: 51, p99: 99 });
    expect(h.from).toBe("2026-12-03T11:00:00.000Z");
    expect(h.to).toBe("2026-12-04T11:00:00.000Z");
    expect(h.buckets).toHaveLength(24);
    expect(h.buckets.reduce((n, x) => n + x.succeeded + x.failed, 0)).toBe(100);
    // The current hour (10:00–11:00) holds the attempts 0.25 h before 10:30: i % 20 === 0 → 5 of them, i = 0, 20, 40, 60, 80: all 200.
    expect(present(h.buckets.at(-1), "current bucket")).toEqual({ start: "2026-12-04T10:00:00.000Z", succeeded: 5, failed: 0 });
    // 19.25 h ago (i % 20 === 19: i = 19, 39, 59, 79, 99): all failures (i % 4 === 3), in the bucket starting 15:00 the day before.
    expect(h.buckets.find((x) => x.start === "2026-12-03T15:00:00.000Z")).toEqual({ start: "2026-12-03T15:00:00.000Z", succeeded: 0, failed: 5 });
    expect(JSON.stringify(h)).not.toContain("secret-looking");
  });

  it("7 d: the older failures count, the 8-day-old successes do not; 6-hour buckets", async () => {
    const owner = (await a.member(a.owner)).inMode("live");
    const h = await endpointHealth(owner, endpointA, "7d", NOW);
    expect(h).toMatchObject({ window: "7d", attempts: 110, succeeded: 75, failed: 35, bucket_seconds: 21_600 });
    expect(h.success_rate).toBeCloseTo(75 / 110, 10);
    expect(h.buckets).toHaveLength(28);
    expect(h.to).toBe("2026-12-04T12:00:00.000Z");
    expect(h.from).toBe("2026-11-27T12:00:00.000Z");
    expect(h.buckets.find((x) => x.start === "2026-12-01T06:00:00.000Z")).toEqual({ start: "2026-12-01T06:00:00.000Z", succeeded: 0, failed: 10 });
    expect(h.latency_ms.p99).toBe(9000);
  });

  it("failing since and the automatic-disable countdown; none when quiet or disabled", async () => {
    const owner = (await a.member(a.owner)).inMode("live");
    const h = await endpointHealth(owner, endpointA, "24h", NOW);
    expect(h.failing_since).toBe(new Date(NOW.getTime() - 2 * HOUR).toISOString());
    expect(h.auto_disable_at).toBe(new Date(NOW.getTime() - 2 * HOUR + DISABLE_AFTER_FAILING_MS).toISOString());
    const quiet = await endpointHealth(owner, quietEndpoint, "24h", NOW);
    expect(quiet).toMatchObject({ attempts: 0, succeeded: 0, failed: 0, success_rate: null, latency_ms: { p50: null, p99: null }, failing_since: null, auto_disable_at: null });
    expect(quiet.buckets.every((x) => x.succeeded === 0 && x.failed === 0)).toBe(true);
    await db().webhookEndpoint.update({ where: { id: endpointA }, data: { enabled: false } });
    try {
      expect((await endpointHealth(owner, endpointA, "24h", NOW)).auto_disable_at).toBeNull();
    } finally {
      await db().webhookEndpoint.update({ where: { id: endpointA }, data: { enabled: true } });
    }
  });

  it("another workspace's endpoint, the other mode's, or a malformed id is not found", async () => {
    const owner = (await a.member(a.owner)).inMode("live");
    await expect(endpointHealth(owner, endpointB, "24h", NOW)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(endpointHealth(owner.inMode("test"), endpointA, "24h", NOW)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(endpointHealth(owner, "not-a-uuid", "24h", NOW)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("healthRange: whole buckets, the last holding now", () => {
    const r = healthRange("24h", new Date("2026-12-04T00:00:00Z"));
    expect([r.from.toISOString(), r.to.toISOString()]).toEqual(["2026-12-03T01:00:00.000Z", "2026-12-04T01:00:00.000Z"]);
  });
});

describe("GET /webhook-endpoints/{id}/health", () => {
  it("answers with webhooks:manage, for the key's own workspace and mode only", async () => {
    const { key } = await insertKey(a.workspace.id, { mode: "live", scopes: ["webhooks:manage"] });
    const res = await call("GET /webhook-endpoints/{id}/health", { key, query: "window=7d", params: { id: endpointA } });
    expect(res.status).toBe(200);
    // Real time, not NOW: the seeded rows are in December 2026's past or future; the shape is what matters here.
    expect(res.json).toMatchObject({ endpoint_id: endpointA, window: "7d", bucket_seconds: 21_600 });
    expect((res.json as { buckets: unknown[] }).buckets).toHaveLength(28);
    const byDefault = await call("GET /webhook-endpoints/{id}/health", { key, params: { id: endpointA } });
    expect(byDefault.json).toMatchObject({ window: "24h" });
    expect((await call("GET /webhook-endpoints/{id}/health", { key, params: { id: endpointB } })).status).toBe(404);
    const { key: testKey } = await insertKey(a.workspace.id, { mode: "test", scopes: ["webhooks:manage"] });
    expect((await call("GET /webhook-endpoints/{id}/health", { key: testKey, params: { id: endpointA } })).status).toBe(404);
  });

  it("refuses a key without webhooks:manage (403) and a bad window (400)", async () => {
    const { key: weak } = await insertKey(a.workspace.id, { mode: "live", scopes: ["calls:read"] });
    const refused = await call("GET /webhook-endpoints/{id}/health", { key: weak, params: { id: endpointA } });
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ error: { code: "INSUFFICIENT_SCOPE" } });
    const { key } = await insertKey(a.workspace.id, { mode: "live", scopes: ["webhooks:manage"] });
    const bad = await call("GET /webhook-endpoints/{id}/health", { key, query: "window=30d", params: { id: endpointA } });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: { code: "VALIDATION_FAILED" } });
  });
});
