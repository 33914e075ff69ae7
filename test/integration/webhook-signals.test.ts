import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { inWorkspace } from "@/lib/db/scoped";
import { MAX_ATTEMPTS } from "@/lib/webhooks/backoff";
import { emitEvent } from "@/lib/webhooks/outbox";
import { RETRY_AFTER_MAX_MS, retryAfterMs } from "@/lib/webhooks/retry-after";
import { claimDue, runOnce } from "@/lib/webhooks/worker";
import { call, insertKey } from "../support/api";
import { callsWorkspace } from "../support/calls";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { startReceiver } from "../support/webhook-receiver";

let database: TestDatabase;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let ws: Awaited<ReturnType<typeof callsWorkspace>>;
let key: string;
const DAY = 24 * 3_600_000;
/** random 0.5: the backoff without jitter, 60 s × 3^(attempt − 1). */
const plain = { random: () => 0.5 };

beforeAll(async () => {
  await useTestEnv({ OUTBOUND_ALLOW_LOOPBACK: "true" });
  database = await createTestDatabase();
  ws = await callsWorkspace("hooks-signals");
  key = (await insertKey(ws.workspace.id, { mode: "test", scopes: ["webhooks:manage", "test_calls:run"] })).key;
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await database.close();
});
beforeEach(async () => {
  receiver.reset();
  await db().webhookDelivery.deleteMany({});
  await db().webhookEndpoint.updateMany({ data: { enabled: false } });
});

async function endpoint(path: string, events: string[] = ["call.completed", "call.failed"], extra: Record<string, unknown> = {}) {
  const res = await call("POST /webhook-endpoints", { key, body: { url: receiver.url(path), events, ...extra } });
  expect(res.status, res.text).toBe(201);
  return String(res.json.id);
}

async function testCall(status = "completed") {
  const res = await call("POST /test-calls", { key, body: { status, caller: "+2348035550789" } });
  expect(res.status).toBe(201);
  return String(res.json.id);
}

/** A second event about the same call (a later status change, say): the outbox keys it by the call. */
async function laterEventFor(callId: string) {
  return inWorkspace(ws.workspace.id, (tx) => emitEvent(tx, { workspaceId: ws.workspace.id, mode: "test", type: "call.failed", data: { object: { id: callId, note: "later" } } }));
}

const ownerEmails = (subject: string) => db().outboxEmail.findMany({ where: { to: ws.owner.email, subject: { contains: subject } } });
const deliveryTo = (endpointId: string) => db().webhookDelivery.findFirstOrThrow({ where: { endpointId }, orderBy: { seq: "desc" } });

describe("410 Gone", () => {
  it("disables the endpoint at once, ends its waiting deliveries, and tells the other endpoints, the owners and the audit log", async () => {
    const gone = await endpoint("/gone");
    const watcher = await endpoint("/watcher", ["webhook_endpoint.disabled"]);
    const unsubscribed = await endpoint("/unsubscribed", ["call.completed"]);
    receiver.always("/gone", { status: 410 });
    await testCall();
    await testCall();
    const emailsBefore = (await ownerEmails("was disabled")).length;

    // One delivery at a time: the first 410 ends the endpoint, the second is never sent.
    await runOnce({ now: () => new Date() }, 1);
    await runOnce({ now: () => new Date() }, 1); // the other endpoint's deliveries of the calls
    await runOnce({ now: () => new Date() }, 1);
    const row = await db().webhookEndpoint.findUniqueOrThrow({ where: { id: gone } });
    expect(row).toMatchObject({ enabled: false, disabledReason: "gone" });
    expect(row.disabledAt).toBeInstanceOf(Date);
    expect(receiver.hits.filter((h) => h.path === "/gone")).toHaveLength(1);
    expect(await db().webhookDelivery.count({ where: { endpointId: gone, status: "pending" } })).toBe(0);
    expect(await db().webhookDelivery.count({ where: { endpointId: gone, status: "failed" } })).toBe(2);

    // The event goes to the endpoint subscribed to it, not to the one that is not.
    while ((await runOnce({ now: () => new Date() })) > 0);
    const notices = receiver.hits.filter((h) => h.eventType === "webhook_endpoint.disabled");
    expect(notices.map((h) => h.path)).toEqual(["/watcher"]);
    expect(JSON.parse(notices[0]!.body)).toMatchObject({ type: "webhook_endpoint.disabled", data: { object: { id: gone, enabled: false, disabled_reason: "gone" } } });
    expect(await db().webhookDelivery.count({ where: { endpointId: unsubscribed, event: { type: "webhook_endpoint.disabled" } } })).toBe(0);
    expect(await db().webhookDelivery.count({ where: { endpointId: watcher, status: "succeeded" } })).toBe(1);

    const emails = await ownerEmails("was disabled");
    expect(emails.length).toBe(emailsBefore + 1);
    expect(emails[0]!.text).toContain("410 Gone");
    expect(emails[0]!.text).toContain(receiver.url("/gone"));
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "webhook_endpoint.disabled", targetId: gone } });
    expect(audit).toMatchObject({ actorType: "system", workspaceId: ws.workspace.id });
    expect(audit.changes).toMatchObject({ after: { enabled: false, disabled_reason: "gone", pending_deliveries_failed: 1 } });

    const shown = await call("GET /webhook-endpoints/{id}", { key, params: { id: gone } });
    expect(shown.json).toMatchObject({ enabled: false, disabled_reason: "gone" });
    // One click (or one PATCH) enables it again, and the failing state starts afresh.
    const enabled = await call("PATCH /webhook-endpoints/{id}", { key, params: { id: gone }, body: { enabled: true } });
    expect(enabled.status).toBe(200);
    expect(enabled.json).toMatchObject({ enabled: true, disabled_reason: null, disabled_at: null, failing_since: null });
  });
});

describe("Retry-After", () => {
  it("parses seconds and HTTP dates and ignores the rest", () => {
    const now = new Date("2026-12-04T12:00:00Z");
    expect(retryAfterMs("120", now)).toBe(120_000);
    expect(retryAfterMs("Fri, 04 Dec 2026 12:10:00 GMT", now)).toBe(600_000);
    expect(retryAfterMs("Fri, 04 Dec 2026 11:00:00 GMT", now)).toBe(0);
    expect(retryAfterMs("soon", now)).toBeNull();
    expect(retryAfterMs("-5", now)).toBeNull();
    expect(retryAfterMs(undefined, now)).toBeNull();
  });

  it("on 429 and 503 pushes the next attempt later, up to 12 hours, never sooner than the backoff; on 500 it is ignored", async () => {
    const id = await endpoint("/busy");
    await testCall();
    let now = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000);
    const steps: { answer: { status: number; headers?: Record<string, string> }; expectMs: (attempt: number) => number }[] = [
      { answer: { status: 429, headers: { "retry-after": "120" } }, expectMs: () => 120_000 },
      { answer: { status: 503, headers: { "retry-after": "" } }, expectMs: (a) => 60_000 * 3 ** (a - 1) },
      { answer: { status: 503, headers: { "retry-after": "999999" } }, expectMs: () => RETRY_AFTER_MAX_MS },
      { answer: { status: 429, headers: { "retry-after": "1" } }, expectMs: (a) => 60_000 * 3 ** (a - 1) },
      { answer: { status: 500, headers: { "retry-after": "36000" } }, expectMs: (a) => 60_000 * 3 ** (a - 1) },
    ];
    for (const [i, step] of steps.entries()) {
      receiver.script("/busy", [step.answer]);
      expect(await runOnce({ now: () => now, ...plain })).toBe(1);
      const d = await deliveryTo(id);
      expect(d.status).toBe("pending");
      expect(d.nextAttemptAt.getTime() - now.getTime(), `step ${i + 1}`).toBe(step.expectMs(i + 1));
      now = d.nextAttemptAt;
    }
    // An HTTP date: the wait it names.
    receiver.script("/busy", [{ status: 503, headers: { "retry-after": new Date(now.getTime() + 5 * 3_600_000).toUTCString() } }]);
    await runOnce({ now: () => now, ...plain });
    expect((await deliveryTo(id)).nextAttemptAt.getTime() - now.getTime()).toBe(5 * 3_600_000);
  });
});

describe("redirects", () => {
  it("a 3xx is a failed attempt and is not followed, even to a URL we could reach", async () => {
    const id = await endpoint("/moved");
    receiver.always("/moved", { status: 307, headers: { location: receiver.url("/elsewhere") } });
    await testCall();
    expect(await runOnce({ now: () => new Date() })).toBe(1);
    expect(receiver.hits.map((h) => h.path)).toEqual(["/moved"]);
    const d = await db().webhookDelivery.findFirstOrThrow({ where: { endpointId: id }, include: { attemptsLog: true } });
    expect(d).toMatchObject({ status: "pending", attempts: 1, lastStatus: 307 });
    expect(d.attemptsLog.map((a) => a.statusCode)).toEqual([307]);
    expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id } })).failingSince).not.toBeNull();
  });
});

describe("5 days of failure", () => {
  it("disables an endpoint whose deliveries failed without a break for 5 days (the worker's clock); a success starts the count afresh", async () => {
    const id = await endpoint("/down");
    receiver.always("/down", { status: 500 });
    // Ahead of the wall clock by more than the test takes: every delivery it creates is due at its times.
    const t0 = new Date(Date.now() + 60_000);
    const at = (days: number) => new Date(t0.getTime() + days * DAY);
    const attempt = async (when: Date) => {
      await testCall();
      await runOnce({ now: () => when });
    };
    await attempt(at(0));
    expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id } })).failingSince).toEqual(at(0));
    receiver.script("/down", [{ status: 200 }]);
    await db().webhookDelivery.updateMany({ where: { endpointId: id, status: "pending" }, data: { status: "failed" } });
    await attempt(at(1)); // a success: no longer failing
    expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id } })).failingSince).toBeNull();
    await attempt(at(2));
    await attempt(at(6.9)); // 4.9 days since the run began: still enabled
    expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id } })).enabled).toBe(true);
    await attempt(at(7.01));
    const row = await db().webhookEndpoint.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ enabled: false, disabledReason: "failing", failingSince: at(2) });
    expect((await ownerEmails("was disabled")).some((e) => e.text.includes("5 days") && e.text.includes(receiver.url("/down")))).toBe(true);
    expect(await db().auditLog.count({ where: { action: "webhook_endpoint.disabled", targetId: id } })).toBe(1);
  });
});

describe("exhausted retries", () => {
  it("tell the owners once a day per endpoint, however many run out", async () => {
    const id = await endpoint("/dead");
    receiver.always("/dead", { status: 500 });
    const subject = "ran out of retries";
    const before = (await ownerEmails(subject)).length;
    const exhaust = async (calls: number, when: Date) => {
      for (let i = 0; i < calls; i++) await testCall();
      await db().webhookDelivery.updateMany({ where: { endpointId: id, status: "pending" }, data: { attempts: MAX_ATTEMPTS - 1 } });
      await runOnce({ now: () => when });
    };
    const t0 = new Date(Date.now() + 60_000);
    await exhaust(3, t0);
    expect(await db().webhookDelivery.count({ where: { endpointId: id, status: "failed" } })).toBe(3);
    expect((await ownerEmails(subject)).length).toBe(before + 1);
    await exhaust(1, new Date(t0.getTime() + 3_600_000));
    expect((await ownerEmails(subject)).length).toBe(before + 1);
    await exhaust(1, new Date(t0.getTime() + 25 * 3_600_000));
    expect((await ownerEmails(subject)).length).toBe(before + 2);
    const audits = await db().auditLog.findMany({ where: { action: "webhook_endpoint.deliveries_exhausted", targetId: id } });
    expect(audits).toHaveLength(2);
    expect(audits.every((a) => a.actorType === "system")).toBe(true);
  });
});

describe("ordering key", () => {
  it("a call's later event waits while its earlier one is retried; other calls' events go on", async () => {
    const id = await endpoint("/ordered");
    const callA = await testCall();
    const later = await laterEventFor(callA);
    const callB = await testCall();
    const [first, second, other] = await db().webhookDelivery.findMany({ where: { endpointId: id }, orderBy: { seq: "asc" } });
    expect([first!.orderingKey, second!.orderingKey, other!.orderingKey]).toEqual([`call:${callA}`, `call:${callA}`, `call:${callB}`]);
    expect(second!.eventId).toBe(later.id);

    receiver.script("/ordered", [{ status: 500 }]);
    const t0 = new Date(Date.now() + 1000);
    // Two workers at once: neither may take A's later event while the earlier is pending.
    await Promise.all([runOnce({ now: () => t0, ...plain }), runOnce({ now: () => t0, ...plain })]);
    expect(receiver.hits.map((h) => h.eventId).sort()).toEqual([first!.eventId, other!.eventId].sort());
    expect(await claimDue(10, new Date(t0.getTime() + 30_000))).toHaveLength(0); // A's earlier waits for its retry; the later waits for it
    const retryAt = (await db().webhookDelivery.findUniqueOrThrow({ where: { id: first!.id } })).nextAttemptAt;
    // The retry succeeds; only then is the later event claimed.
    expect(await runOnce({ now: () => retryAt, ...plain })).toBe(1);
    expect(await runOnce({ now: () => retryAt, ...plain })).toBe(1);
    expect(receiver.hits.map((h) => h.eventId)).toEqual([...receiver.hits.slice(0, 2).map((h) => h.eventId), first!.eventId, later.id]);
    expect(await db().webhookDelivery.count({ where: { endpointId: id, status: "succeeded" } })).toBe(3);
  });
});

describe("rate limit", () => {
  it("is validated, and caps deliveries per second across workers; deferred deliveries are not failed attempts", async () => {
    for (const bad of [0, 10_001, 2.5, "50"]) {
      const res = await call("POST /webhook-endpoints", { key, body: { url: receiver.url("/x"), events: ["call.completed"], rate_limit_per_second: bad } });
      expect(res.status, String(bad)).toBe(400);
    }
    const id = await endpoint("/limited", ["call.completed"], { rate_limit_per_second: 5 });
    expect((await call("GET /webhook-endpoints/{id}", { key, params: { id } })).json).toMatchObject({ rate_limit_per_second: 5 });
    for (let i = 0; i < 12; i++) await testCall();
    const second = Math.ceil(Date.now() / 1000) * 1000 + 2000;
    const at = (s: number, ms = 100) => new Date(second + s * 1000 + ms);
    const hitsNow = () => receiver.hits.filter((h) => h.path === "/limited").length;

    // Window 0: two workers together send 5; the other 7 wait for the next second.
    await Promise.all([runOnce({ now: () => at(0) }), runOnce({ now: () => at(0) })]);
    expect(hitsNow()).toBe(5);
    const waiting = await db().webhookDelivery.findMany({ where: { endpointId: id, status: "pending" } });
    expect(waiting).toHaveLength(7);
    expect(waiting.every((d) => d.attempts === 0 && d.lockedUntil === null && d.nextAttemptAt.getTime() === second + 1000)).toBe(true);
    expect(await runOnce({ now: () => at(0, 900) })).toBe(0); // still window 0
    expect(hitsNow()).toBe(5);
    await runOnce({ now: () => at(1) });
    expect(hitsNow()).toBe(10);
    await runOnce({ now: () => at(2) });
    expect(hitsNow()).toBe(12);
    // Every delivery went out once, as its first attempt.
    const attempts = await db().webhookAttempt.findMany({ where: { delivery: { endpointId: id } } });
    expect(attempts).toHaveLength(12);
    expect(attempts.every((a) => a.number === 1)).toBe(true);

    // Raised by PATCH: the next window sends more.
    expect((await call("PATCH /webhook-endpoints/{id}", { key, params: { id }, body: { rate_limit_per_second: 100 } })).status).toBe(200);
    for (let i = 0; i < 8; i++) await testCall();
    await runOnce({ now: () => at(3) });
    expect(hitsNow()).toBe(20);
  });
});

const emitAbout = (callId: string, step: number) =>
  inWorkspace(ws.workspace.id, (tx) => emitEvent(tx, { workspaceId: ws.workspace.id, mode: "test", type: "call.completed", data: { object: { id: callId, step } } }));

// A pass sends its claimed batch concurrently and records it in one statement
// (lib/webhooks/worker.ts): these guard what that must never trade away.
describe("a pass's batch", () => {
  it("two workers sending full batches at once keep each call's events in order, through retries, and send no attempt twice", async () => {
    const id = await endpoint("/batch", ["call.completed"], { rate_limit_per_second: 10_000 });
    // Eight calls with five events each, emitted interleaved, so every batch mixes calls.
    const order = new Map<string, string[]>();
    for (let step = 0; step < 5; step++) {
      for (let c = 0; c < 8; c++) {
        const { id: eventId } = await emitAbout(`call_batch_${c}`, step);
        order.set(`call_batch_${c}`, [...(order.get(`call_batch_${c}`) ?? []), eventId]);
      }
    }
    const callOf = new Map([...order].flatMap(([callId, events]) => events.map((e) => [e, callId] as const)));
    // Some attempts fail and are retried while the other calls go on.
    receiver.script("/batch", [{ status: 500 }, { status: 200 }, { status: 503 }, { status: 200 }, { status: 200 }, { status: 500 }]);

    let now = Date.now();
    for (let round = 0; round < 40; round++) {
      const sent = await Promise.all([runOnce({ now: () => new Date(now) }, 50), runOnce({ now: () => new Date(now) }, 50)]);
      if (sent[0] + sent[1] === 0) {
        if ((await db().webhookDelivery.count({ where: { endpointId: id, status: "pending" } })) === 0) break;
        now += DAY; // past any retry's delay
      }
    }
    expect(await db().webhookDelivery.count({ where: { endpointId: id, status: "succeeded" } })).toBe(40);

    // Per call: every attempt of an event comes after the earlier event's last attempt.
    const hits = receiver.hits.filter((h) => h.path === "/batch");
    for (const [callId, events] of order) {
      const seen = hits.filter((h) => callOf.get(h.eventId) === callId).map((h) => h.eventId);
      const firstOfEach = events.map((e) => seen.indexOf(e));
      const lastOfEach = events.map((e) => seen.lastIndexOf(e));
      for (let i = 1; i < events.length; i++) expect(firstOfEach[i], callId).toBeGreaterThan(lastOfEach[i - 1]!);
    }
    // Exactly one request per recorded attempt, attempts numbered 1, 2, … with no number twice.
    const attempts = await db().webhookAttempt.findMany({ where: { delivery: { endpointId: id } }, include: { delivery: { select: { eventId: true } } } });
    expect(attempts).toHaveLength(hits.length);
    expect(hits.length).toBe(40 + 3);
    const numbers = new Map<string, number[]>();
    for (const a of attempts) numbers.set(a.deliveryId, [...(numbers.get(a.deliveryId) ?? []), a.number].sort((x, y) => x - y));
    for (const [deliveryId, list] of numbers) expect(list, deliveryId).toEqual(list.map((_, i) => i + 1));
    for (const a of attempts) expect(hits.filter((h) => h.eventId === a.delivery.eventId)).toHaveLength(numbers.get(a.deliveryId)!.length);
  });

  it("records an answer whose body holds a NUL byte (PostgreSQL text cannot), so the delivery is not sent again", async () => {
    const id = await endpoint("/nul", ["call.completed"], { rate_limit_per_second: 10_000 });
    receiver.always("/nul", { status: 200, body: "ok\u0000then" });
    await emitAbout("call_nul", 0);
    await emitAbout("call_other", 0);
    expect(await runOnce({ now: () => new Date() }, 50)).toBe(2);
    const deliveries = await db().webhookDelivery.findMany({ where: { endpointId: id } });
    expect(deliveries.map((d) => [d.status, d.lockedUntil])).toEqual([
      ["succeeded", null],
      ["succeeded", null],
    ]);
    const attempts = await db().webhookAttempt.findMany({ where: { delivery: { endpointId: id } } });
    expect(attempts.map((a) => a.responseExcerpt)).toEqual(["ok\uFFFDthen", "ok\uFFFDthen"]);
    // Nothing left to claim, even once every claim would have lapsed.
    expect(await runOnce({ now: () => new Date(Date.now() + DAY) }, 50)).toBe(0);
    expect(receiver.hits.filter((h) => h.path === "/nul")).toHaveLength(2);
  });
});
