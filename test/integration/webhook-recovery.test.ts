import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { MAX_ATTEMPTS } from "@/lib/webhooks/backoff";
import { resendDelivery } from "@/lib/webhooks/deliveries";
import { runRecoveriesOnce } from "@/lib/webhooks/recoveries";
import { runOnce } from "@/lib/webhooks/worker";
import { call, insertKey } from "../support/api";
import { callsWorkspace } from "../support/calls";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { startReceiver } from "../support/webhook-receiver";

let database: TestDatabase;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let ws: Awaited<ReturnType<typeof callsWorkspace>>;
let key: string;

beforeAll(async () => {
  await useTestEnv({ OUTBOUND_ALLOW_LOOPBACK: "true" });
  database = await createTestDatabase();
  ws = await callsWorkspace("hooks-recovery");
  key = (await insertKey(ws.workspace.id, { mode: "test", scopes: ["webhooks:manage", "test_calls:run"] })).key;
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await database.close();
});

async function testCall() {
  const res = await call("POST /test-calls", { key, body: { status: "completed", caller: "+2348035550789" } });
  expect(res.status).toBe(201);
}

/** Runs the worker until nothing is due at `now`. */
async function drain(now: Date) {
  while ((await runOnce({ now: () => now })) > 0);
}

describe("recover failed deliveries since T", () => {
  it("re-sends exactly the events that failed since T and are neither delivered nor waiting, as a job with progress", async () => {
    const created = await call("POST /webhook-endpoints", { key, body: { url: receiver.url("/r"), events: ["call.completed"] } });
    const id = String(created.json.id);
    // Ahead of the wall clock by more than the test takes: every delivery it creates is due at its times.
    const t0 = Date.now() + 60_000;
    const at = (minutes: number) => new Date(t0 + minutes * 60_000);

    // Before T: one event fails for good (outside the window).
    receiver.always("/r", { status: 500 });
    const exhaustPending = async (when: Date) => {
      await db().webhookDelivery.updateMany({ where: { endpointId: id, status: "pending" }, data: { attempts: MAX_ATTEMPTS - 1 } });
      await drain(when);
    };
    await testCall();
    await exhaustPending(at(0));
    await db().webhookDelivery.updateMany({ where: { endpointId: id }, data: { createdAt: at(-120) } });
    const since = at(-60);

    // Since T: five fail for good; one of them was resent by hand and arrived, one is resent and still waiting.
    for (let i = 0; i < 5; i++) await testCall();
    await exhaustPending(at(1));
    // One succeeded outright, never failed.
    receiver.always("/r", { status: 200 });
    await testCall();
    await drain(at(2));
    const failed = await db().webhookDelivery.findMany({ where: { endpointId: id, status: "failed", createdAt: { gte: since } }, orderBy: { seq: "asc" } });
    expect(failed).toHaveLength(5);
    const owner = (await ws.member(ws.owner)).inMode("test");
    await resendDelivery(owner, failed[0]!.id, at(3));
    await drain(at(3)); // arrived
    receiver.always("/r", { status: 500 });
    await resendDelivery(owner, failed[1]!.id, at(4));
    await drain(at(4)); // failed again, now waiting for its retry (kept waiting past this test's clock)
    await db().webhookDelivery.updateMany({ where: { endpointId: id, status: "pending" }, data: { nextAttemptAt: at(600) } });
    const expected = failed.slice(2).map((d) => d.eventId).sort();
    receiver.reset();

    // Refused: a future time, one past the 30 days kept, not a time, an unknown endpoint.
    for (const body of [{ since: new Date(Date.now() + 3_600_000).toISOString() }, { since: new Date(Date.now() - 31 * 86_400_000).toISOString() }, { since: "yesterday" }, {}]) {
      const res = await call("POST /webhook-endpoints/{id}/recover", { key, params: { id }, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error?.code).toBe("VALIDATION_FAILED");
    }
    expect((await call("POST /webhook-endpoints/{id}/recover", { key, params: { id: crypto.randomUUID() }, body: { since: since.toISOString() } })).status).toBe(404);
    const readOnly = (await insertKey(ws.workspace.id, { mode: "test", scopes: ["calls:read"] })).key;
    expect((await call("POST /webhook-endpoints/{id}/recover", { key: readOnly, params: { id }, body: { since: since.toISOString() } })).status).toBe(403);

    const started = await call("POST /webhook-endpoints/{id}/recover", { key, params: { id }, body: { since: since.toISOString() } });
    expect(started.status, started.text).toBe(202);
    expect(started.json).toMatchObject({ endpoint_id: id, status: "queued", total: 0, done: 0, since: since.toISOString(), completed_at: null });
    const recoveryId = String(started.json.id);
    const progress = async () => (await call("GET /webhook-endpoints/{id}/recoveries/{recovery_id}", { key, params: { id, recovery_id: recoveryId } })).json;
    expect(await progress()).toMatchObject({ status: "queued" });
    expect(await db().auditLog.count({ where: { action: "webhook_endpoint.recovery_started", targetId: id } })).toBe(1);

    // Two events a pass: the job reports where it is between passes.
    expect(await runRecoveriesOnce({ now: () => at(5) }, 2)).toBe(1);
    expect(await progress()).toMatchObject({ status: "running", total: 3, done: 2 });
    expect(await runRecoveriesOnce({ now: () => at(5) }, 2)).toBe(1);
    expect(await progress()).toMatchObject({ status: "completed", total: 3, done: 3 });
    expect((await progress()).completed_at).not.toBeNull();
    expect(await runRecoveriesOnce({ now: () => at(5) }, 2)).toBe(0);

    receiver.always("/r", { status: 200 });
    await drain(at(5));
    expect(receiver.hits.map((h) => h.eventId).sort()).toEqual(expected);

    // Another recovery of the same window finds nothing left to send.
    const again = await call("POST /webhook-endpoints/{id}/recover", { key, params: { id }, body: { since: since.toISOString() } });
    await runRecoveriesOnce({ now: () => at(6) });
    expect((await call("GET /webhook-endpoints/{id}/recoveries/{recovery_id}", { key, params: { id, recovery_id: String(again.json.id) } })).json).toMatchObject({ status: "completed", total: 0, done: 0 });
    // A recovery is read only through its own endpoint.
    const other = await call("POST /webhook-endpoints", { key, body: { url: receiver.url("/other"), events: ["call.completed"] } });
    expect((await call("GET /webhook-endpoints/{id}/recoveries/{recovery_id}", { key, params: { id: String(other.json.id), recovery_id: recoveryId } })).status).toBe(404);
  });

  it("a recovery whose worker died mid-way is resumed by the next and sends nothing twice", async () => {
    const created = await call("POST /webhook-endpoints", { key, body: { url: receiver.url("/crash"), events: ["call.completed"] } });
    const id = String(created.json.id);
    receiver.always("/crash", { status: 500 });
    for (let i = 0; i < 3; i++) await testCall();
    const now = new Date(Date.now() + 1000);
    await db().webhookDelivery.updateMany({ where: { endpointId: id, status: "pending" }, data: { attempts: MAX_ATTEMPTS - 1 } });
    await drain(now);
    const started = await call("POST /webhook-endpoints/{id}/recover", { key, params: { id }, body: { since: new Date(now.getTime() - 3_600_000).toISOString() } });
    const recoveryId = String(started.json.id);
    // A worker claimed it and died before its chunk committed: the claim is held, then lapses.
    await db().webhookRecovery.update({ where: { id: recoveryId }, data: { status: "running", total: 3, lockedUntil: new Date(now.getTime() + 120_000) } });
    expect(await runRecoveriesOnce({ now: () => now })).toBe(0);
    expect(await runRecoveriesOnce({ now: () => new Date(now.getTime() + 121_000) })).toBe(1);
    expect(await db().webhookRecovery.findUniqueOrThrow({ where: { id: recoveryId } })).toMatchObject({ status: "completed", total: 3, done: 3 });
    expect(await db().webhookDelivery.count({ where: { endpointId: id, status: "pending" } })).toBe(3);
  });
});
