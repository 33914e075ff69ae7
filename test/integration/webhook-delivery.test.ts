import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { retryDelayMs, MAX_ATTEMPTS } from "@/lib/webhooks/backoff";
import { resendDelivery, resendFailedSince, sendTestEvent } from "@/lib/webhooks/deliveries";
import { verifyWebhook } from "@/lib/webhooks/verify";
import { claimDue, deliver, runOnce } from "@/lib/webhooks/worker";
import { call, insertKey } from "../support/api";
import { callsWorkspace } from "../support/calls";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { first, nth } from "../support/items";

/** A real HTTP receiver on loopback whose answers the test scripts. */
interface Received {
  headers: IncomingMessage["headers"];
  body: string;
}
let server: Server;
let receiverUrl: string;
const received: Received[] = [];
let answers: (number | "hang" | "redirect")[] = [];
let database: TestDatabase;
let ws: Awaited<ReturnType<typeof callsWorkspace>>;
let key: string;

beforeAll(async () => {
  await useTestEnv({ OUTBOUND_ALLOW_LOOPBACK: "true" });
  database = await createTestDatabase();
  ws = await callsWorkspace("hooks-a");
  key = (await insertKey(ws.workspace.id, { mode: "test", scopes: ["webhooks:manage", "test_calls:run", "calls:read"] })).key;
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      const answer = answers.shift() ?? 200;
      if (answer === "hang") return; // never answers: the worker's timeout ends it
      if (answer === "redirect") return void res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
      res.writeHead(answer, { "content-type": "text/plain" }).end(answer === 200 ? "ok" : "x".repeat(5000));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await database.close();
});
beforeEach(async () => {
  received.length = 0;
  answers = [];
  await db().webhookDelivery.deleteMany({});
  await db().webhookEndpoint.updateMany({ data: { enabled: false } });
});

async function endpoint() {
  const res = await call("POST /webhook-endpoints", { key, body: { url: receiverUrl, events: ["call.completed", "call.failed"] } });
  expect(res.status).toBe(201);
  return res.json as unknown as { id: string; secret: string };
}

async function testCall(status = "completed") {
  const res = await call("POST /test-calls", { key, body: { status, caller: "+2348035550789" } });
  expect(res.status).toBe(201);
  return String(res.json.id);
}

describe("webhook delivery", () => {
  it("a test call's event is committed with it and delivered signed, masked, once", async () => {
    const { secret } = await endpoint();
    const callId = await testCall();
    expect(await db().webhookDelivery.count({ where: { status: "pending" } })).toBe(1);
    expect(await runOnce({ now: () => new Date() })).toBe(1);
    expect(received).toHaveLength(1);
    const hit = first(received, "delivery at the receiver");
    expect(hit.headers["x-switchboard-event-type"]).toBe("call.completed");
    expect(hit.headers["x-switchboard-event-id"]).toMatch(/^evt_/);
    expect(() => verifyWebhook(hit.body, hit.headers["x-switchboard-signature"] as string, secret)).not.toThrow();
    const body = JSON.parse(hit.body);
    expect(body).toMatchObject({ type: "call.completed", livemode: false, data: { object: { id: callId, caller_display: "+234 *** *** 789" } } });
    expect(hit.body).not.toContain("8035550789");
    expect(await runOnce({ now: () => new Date() })).toBe(0);
    const delivery = await db().webhookDelivery.findFirstOrThrow({ include: { attemptsLog: true } });
    expect(delivery.status).toBe("succeeded");
    expect(delivery.attemptsLog).toMatchObject([{ number: 1, statusCode: 200, responseExcerpt: "ok" }]);
  });

  it("retries a 500 and a timeout with growing delays, then delivers when the receiver recovers", async () => {
    await endpoint();
    await testCall("failed");
    answers = [500, "hang", 503, 200];
    let now = new Date();
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      expect(await runOnce({ now: () => now, timeoutMs: 300, random: () => 0.5 })).toBe(1);
      const d = await db().webhookDelivery.findFirstOrThrow();
      if (d.status === "succeeded") break;
      delays.push(d.nextAttemptAt.getTime() - now.getTime());
      // Not due a moment before its time, due at it.
      expect(await claimDue(10, new Date(d.nextAttemptAt.getTime() - 1000))).toHaveLength(0);
      now = d.nextAttemptAt;
    }
    expect(received).toHaveLength(4);
    expect(delays).toHaveLength(3);
    const delay = (i: number) => nth(delays, i, "retry delay");
    expect(delay(1)).toBeGreaterThan(delay(0));
    expect(delay(2)).toBeGreaterThan(delay(1));
    const attempts = await db().webhookAttempt.findMany({ orderBy: { number: "asc" } });
    expect(attempts.map((a) => a.statusCode)).toEqual([500, null, 503, 200]);
    expect(nth(attempts, 1, "attempt").error).toMatch(/timeout/);
    expect(nth(attempts, 0, "attempt").responseExcerpt!.length).toBeLessThanOrEqual(2048);
    // All four carried the same event id: the receiver can dedupe.
    expect(new Set(received.map((r) => r.headers["x-switchboard-event-id"])).size).toBe(1);
  });

  it("gives up after the last attempt; the schedule spans about two days or more", async () => {
    const total = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => retryDelayMs(i + 1, () => 0.5)).reduce((a, b) => a + b, 0);
    expect(MAX_ATTEMPTS).toBeGreaterThanOrEqual(8);
    expect(total / 3_600_000).toBeGreaterThan(48);
    expect(total / 3_600_000).toBeLessThan(80);
    await endpoint();
    await testCall();
    await db().webhookDelivery.updateMany({ data: { attempts: MAX_ATTEMPTS - 1 } });
    answers = [500];
    await runOnce({ now: () => new Date() });
    expect((await db().webhookDelivery.findFirstOrThrow()).status).toBe("failed");
    expect((await db().webhookEndpoint.findFirstOrThrow({ where: { enabled: true } })).failingSince).not.toBeNull();
  });

  it("two workers never claim the same attempt; a crashed worker's claim lapses and nothing is lost", async () => {
    await endpoint();
    for (let i = 0; i < 6; i++) await testCall();
    const now = new Date();
    const [a, b] = await Promise.all([claimDue(4, now), claimDue(4, now)]);
    const ids = [...a, ...b].map((c) => c.id);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
    // Worker A "dies" holding its claims; worker B delivers its own.
    for (const c of b) await deliver(c, { now: () => now });
    expect(await claimDue(10, new Date(now.getTime() + 60_000))).toHaveLength(0); // A's claims still held
    const later = new Date(now.getTime() + 3 * 60_000);
    const reclaimed = await claimDue(10, later);
    expect(reclaimed.map((c) => c.id).sort()).toEqual(a.map((c) => c.id).sort());
    expect(reclaimed.every((c) => c.attempt === 2)).toBe(true); // a new attempt number, never a repeat
    for (const c of reclaimed) await deliver(c, { now: () => later });
    expect(received).toHaveLength(6);
    expect(await db().webhookDelivery.count({ where: { status: "succeeded" } })).toBe(6);
  });

  it("secret rotation: both secrets sign during the grace window, only the new one after it", async () => {
    const { id, secret: old } = await endpoint();
    const rotated = await call("POST /webhook-endpoints/{id}/rotate-secret", { key, params: { id }, body: { grace_period_hours: 24 } });
    expect(rotated.status).toBe(200);
    const fresh = String(rotated.json.secret);
    expect(fresh).toMatch(/^whsec_/);
    await testCall();
    await runOnce({ now: () => new Date() });
    const during = nth(received, 0, "delivery at the receiver");
    const header = during.headers["x-switchboard-signature"] as string;
    expect(header.match(/v1=/g)).toHaveLength(2);
    expect(() => verifyWebhook(during.body, header, fresh)).not.toThrow();
    expect(() => verifyWebhook(during.body, header, old)).not.toThrow();
    await testCall();
    const after = new Date(Date.now() + 25 * 3_600_000);
    await runOnce({ now: () => after });
    const late = nth(received, 1, "delivery at the receiver");
    const lateHeader = late.headers["x-switchboard-signature"] as string;
    expect(lateHeader.match(/v1=/g)).toHaveLength(1);
    expect(() => verifyWebhook(late.body, lateHeader, fresh, { now: after })).not.toThrow();
    expect(() => verifyWebhook(late.body, lateHeader, old, { now: after })).toThrow();
    expect(await db().auditLog.count({ where: { action: "webhook_endpoint.secret_rotated" } })).toBe(1);
  });
});

describe("resend and test events", () => {
  it("resend queues the same event again as a new delivery (audited); a test event goes to one endpoint only", async () => {
    const { id } = await endpoint();
    await endpoint(); // a second endpoint, subscribed to the same events
    await testCall();
    await runOnce({ now: () => new Date() });
    expect(received).toHaveLength(2);
    const owner = (await ws.member(ws.owner)).inMode("test");
    const original = await db().webhookDelivery.findFirstOrThrow({ where: { endpointId: id } });
    await resendDelivery(owner, original.id);
    await runOnce({ now: () => new Date() });
    expect(received).toHaveLength(3);
    const eventId = (i: number) => nth(received, i, "delivery at the receiver").headers["x-switchboard-event-id"];
    expect(eventId(2)).toBe(eventId(0));
    expect(await db().auditLog.count({ where: { action: "webhook_delivery.resent" } })).toBe(1);
    await sendTestEvent(owner, id);
    await runOnce({ now: () => new Date() });
    expect(received).toHaveLength(4);
    expect(nth(received, 3, "delivery at the receiver").headers["x-switchboard-event-type"]).toBe("webhook.test");
    // Another mode's viewer cannot resend this workspace's test-mode delivery.
    await expect(resendDelivery((await ws.member(ws.owner)).inMode("live"), original.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("resend failed since", () => {
  it("queues each event that failed in the window and has not arrived since, once; audited with the count", async () => {
    const { id } = await endpoint();
    await testCall();
    await testCall("failed");
    await testCall();
    // All three exhaust their retries against a receiver that is down.
    await db().webhookDelivery.updateMany({ data: { attempts: MAX_ATTEMPTS - 1 } });
    answers = [500, 500, 500];
    await runOnce({ now: () => new Date() });
    expect(await db().webhookDelivery.count({ where: { status: "failed" } })).toBe(3);
    // One of them was already resent by hand and arrived.
    const [handled] = await db().webhookDelivery.findMany({ where: { status: "failed" }, take: 1 });
    const owner = (await ws.member(ws.owner)).inMode("test");
    await resendDelivery(owner, handled!.id);
    await runOnce({ now: () => new Date() });
    received.length = 0;

    const now = new Date();
    expect(await resendFailedSince(owner, id, new Date(now.getTime() - 3_600_000), now)).toEqual({ queued: 2, more: false });
    // Again at once: both are waiting now, so nothing is queued twice.
    expect((await resendFailedSince(owner, id, new Date(now.getTime() - 3_600_000), now)).queued).toBe(0);
    await runOnce({ now: () => new Date() });
    expect(received).toHaveLength(2);
    const ids = received.map((r) => r.headers["x-switchboard-event-id"]);
    expect(new Set(ids).size).toBe(2);
    expect(ids).not.toContain(handled!.eventId);
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "webhook_endpoint.failed_resent" }, orderBy: { seq: "desc" } });
    expect(audit.changes).toMatchObject({ after: { queued: 0 } });
    // A window that ends before the failures finds nothing; a future time and another mode are refused.
    expect((await resendFailedSince(owner, id, new Date(now.getTime() + 1), new Date(now.getTime() + 2))).queued).toBe(0);
    await expect(resendFailedSince(owner, id, new Date(now.getTime() + 60_000), now)).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(resendFailedSince((await ws.member(ws.owner)).inMode("live"), id, new Date(0), now)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("redirects", () => {
  it("are never followed; one to an internal address is a failed attempt and a security event", async () => {
    await endpoint();
    await testCall();
    answers = ["redirect"];
    const before = await db().securityEvent.count({ where: { type: "outbound_refused" } });
    expect(await runOnce({ now: () => new Date() })).toBe(1);
    expect(received).toHaveLength(1); // only our receiver was contacted
    const attempt = await db().webhookAttempt.findFirstOrThrow({ orderBy: { startedAt: "desc" } });
    expect(attempt.statusCode).toBe(302);
    expect((await db().webhookDelivery.findFirstOrThrow()).status).toBe("pending");
    const events = await db().securityEvent.findMany({ where: { type: "outbound_refused" }, orderBy: { occurredAt: "desc" } });
    expect(events.length).toBe(before + 1);
    expect(JSON.stringify(first(events, "outbound_refused event").details)).toContain("webhook_redirect");
  });
});

describe("webhook endpoints API", () => {
  it("refuses internal addresses when saved, as a security event", async () => {
    for (const url of ["http://169.254.169.254/latest", "http://10.0.0.5/hook", "https://[::ffff:10.0.0.1]/x"]) {
      const res = await call("POST /webhook-endpoints", { key, body: { url, events: ["call.completed"] } });
      expect(res.status, url).toBe(400);
      expect(res.json.error?.code).toBe("VALIDATION_FAILED");
    }
    expect(await db().securityEvent.count({ where: { workspaceId: ws.workspace.id } })).toBeGreaterThanOrEqual(3);
  });

  it("lists without secrets, updates, deletes (404 afterwards), and never shows another mode's endpoints", async () => {
    const { id } = await endpoint();
    const list = await call("GET /webhook-endpoints", { key });
    expect(list.text).not.toContain("whsec_");
    const patched = await call("PATCH /webhook-endpoints/{id}", { key, params: { id }, body: { enabled: false, description: "<b>Ops</b> hook" } });
    expect(patched.json).toMatchObject({ enabled: false, description: "Ops hook" });
    const { key: liveKey } = await insertKey(ws.workspace.id, { mode: "live", scopes: ["webhooks:manage"] });
    expect((await call("GET /webhook-endpoints/{id}", { key: liveKey, params: { id } })).status).toBe(404);
    expect((await call("DELETE /webhook-endpoints/{id}", { key, params: { id } })).status).toBe(204);
    expect((await call("GET /webhook-endpoints/{id}", { key, params: { id } })).status).toBe(404);
    const stored = await db().webhookEndpoint.findUniqueOrThrow({ where: { id } });
    expect(stored.secretEnc).toMatch(/^v1\./);
  });
});
