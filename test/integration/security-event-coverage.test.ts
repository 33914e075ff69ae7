import { exportSPKI, generateKeyPair, importPKCS8, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flushCoalescedSecurityEvents, recordSecurityEventCoalesced } from "@/lib/audit/security-events";
import { resolveSession, createSession } from "@/lib/auth/sessions";
import { confirmPassword } from "@/lib/auth/step-up";
import { authorizeMember } from "@/lib/authz/context";
import { pageObject } from "@/lib/entry/page";
import { getGroup } from "@/lib/groups/groups";
import { assertCreditAvailable } from "@/lib/billing/credit-guard";
import { config } from "@/lib/config";
import { AppError } from "@/lib/core/errors";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { addDocument } from "@/lib/knowledge/documents";
import { listSecurityEvents } from "@/lib/security-page/events";
import { securityEventVolume } from "@/lib/security-page/volume";
import { useObjectStoreForTests } from "@/lib/storage/object-store";
import { resetUploadConfigForTests } from "@/lib/uploads";
import { call, insertKey } from "../support/api";
import { callsWorkspace } from "../support/calls";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { freePort } from "../uploads/support/clamd";
import { createUser } from "../support/users";

/**
 * Issue 17 item 1: every refusal SPEC §7 names leaves a security event, with the request id
 * and user agent, in the workspace that should hear of it; floods are coalesced with a count.
 */

let database: TestDatabase;
let a: Awaited<ReturnType<typeof callsWorkspace>>;
let b: Awaited<ReturnType<typeof callsWorkspace>>;
const meta = (n: number) => ({ ip: `198.51.100.${n}`, userAgent: `coverage-agent/${n}`, requestId: `req_coverage_${n}` });

beforeAll(async () => {
  // A small per-key limit, for the rate-limit event below (each other test uses a key at most twice).
  await useTestEnv({ RATE_LIMIT_KEY_REQUESTS: "3" });
  useObjectStoreForTests(undefined);
  database = await createTestDatabase();
  a = await callsWorkspace("cov-a");
  b = await callsWorkspace("cov-b");
});
afterAll(async () => database.close());

const eventsOf = (where: Prisma.SecurityEventWhereInput) => db().securityEvent.findMany({ where, orderBy: { id: "asc" } });

describe("invalid_session_token", () => {
  async function token(build: (jwt: SignJWT) => SignJWT, key: CryptoKey | Uint8Array, alg = "RS256") {
    return build(new SignJWT({ sid: "00000000-0000-0000-0000-000000000001" }).setProtectedHeader({ alg, typ: "JWT" }).setSubject(a.owner.id)).sign(key);
  }
  const valid = (jwt: SignJWT) => jwt.setIssuer(config().APP_URL).setAudience("switchboard:session").setIssuedAt().setExpirationTime("1h");

  it("a forged signature, another algorithm or another audience is an event with its reason; mere expiry is not", async () => {
    const realKey = await importPKCS8(config().secrets.SESSION_SIGNING_PRIVATE_KEY!, "RS256");
    const other = await generateKeyPair("RS256");
    const publicPem = await exportSPKI((await generateKeyPair("RS256")).publicKey);
    const cases: [string, string][] = [
      ["signature", await token(valid, other.privateKey)],
      // The classic confusion attack: HS256 keyed with a public key.
      ["algorithm", await token(valid, new TextEncoder().encode(publicPem), "HS256")],
      ["audience", await token((j) => valid(j).setAudience("someone-else"), realKey)],
      ["malformed", "not.a.jwt"],
    ];
    for (const [i, [reason, t]] of cases.entries()) {
      expect(await resolveSession(t, new Date(), meta(10 + i))).toBeNull();
      const [event] = await eventsOf({ type: "invalid_session_token", ip: meta(10 + i).ip });
      expect(event, reason).toMatchObject({ details: { reason }, requestId: meta(10 + i).requestId, userAgent: meta(10 + i).userAgent, count: 1 });
      // Never the token itself.
      expect(JSON.stringify({ ...event, id: String(event?.id) })).not.toContain(t);
    }
    const expired = await token((j) => j.setIssuer(config().APP_URL).setAudience("switchboard:session").setIssuedAt(1_000).setExpirationTime(2_000), realKey);
    expect(await resolveSession(expired, new Date(), meta(20))).toBeNull();
    expect(await eventsOf({ type: "invalid_session_token", ip: meta(20).ip })).toEqual([]);
  });

  it("a real session's token passes and records nothing", async () => {
    const { token: t } = await createSession(a.owner.id, meta(21));
    expect(await resolveSession(t, new Date(), meta(21))).not.toBeNull();
    expect(await eventsOf({ type: "invalid_session_token", ip: meta(21).ip })).toEqual([]);
  });
});

describe("authorization_denied", () => {
  it("a signed-in non-member asking for a workspace: 404 to them, an event (not_member) in that workspace", async () => {
    const outsider = await createUser("outsider@cov.test");
    expect(await authorizeMember(outsider, "cov-a", meta(30))).toBeNull();
    const [event] = await eventsOf({ type: "authorization_denied", userId: outsider.id });
    expect(event).toMatchObject({ workspaceId: a.workspace.id, details: { reason: "not_member" }, requestId: meta(30).requestId, userAgent: meta(30).userAgent });
    // No such workspace: the platform's event; text that cannot be a slug is no probe.
    expect(await authorizeMember(outsider, "no-such-space", meta(30))).toBeNull();
    expect(await authorizeMember(outsider, "favicon.ico", meta(30))).toBeNull();
    const all = await eventsOf({ type: "authorization_denied", userId: outsider.id });
    expect(all.map((e) => [e.workspaceId, (e.details as { reason: string }).reason])).toEqual([
      [a.workspace.id, "not_member"],
      [null, "unknown_workspace"],
    ]);
  });

  it("another workspace's object id answers 404 and is an event (other_workspace_object) in the caller's workspace", async () => {
    const callOfA = await db().call.create({
      data: { workspaceId: a.workspace.id, direction: "inbound", callerToken: "t".repeat(64), callerDisplay: "+1 *** *** 100", toNumber: "+14155550100", startedAt: new Date(), durationSeconds: 10, status: "completed", mode: "live" },
    });
    const keyOfB = (await insertKey(b.workspace.id, { scopes: ["calls:read"] })).key;
    const probe = await call("GET /calls/{id}", { key: keyOfB, params: { id: callOfA.id }, headers: { "user-agent": "prober/1", "x-request-id": "req_probe_000001" } });
    expect(probe.status).toBe(404);
    const [event] = await eventsOf({ type: "authorization_denied", workspaceId: b.workspace.id, details: { path: ["reason"], equals: "other_workspace_object" } });
    expect(event).toMatchObject({ details: { object: "call" }, userAgent: "prober/1", requestId: "req_probe_000001" });
    // The other workspace's id is not written into the prober's workspace.
    expect(JSON.stringify(event?.details)).not.toContain(callOfA.id);
    // An id that exists nowhere is an ordinary 404.
    const before = await db().securityEvent.count({ where: { workspaceId: b.workspace.id } });
    expect((await call("GET /calls/{id}", { key: keyOfB, params: { id: "7f1c3a52-0000-4000-8000-000000000000" } })).status).toBe(404);
    expect(await db().securityEvent.count({ where: { workspaceId: b.workspace.id } })).toBe(before);
  });

  it("a page about another workspace's object (its id in the URL) is the 404 page and the same event", async () => {
    const groupOfA = await db().group.create({ data: { workspaceId: a.workspace.id, name: "A's group", color: "teal" } });
    const ctxB = (await b.member(b.admin))!;
    const answer = await pageObject(ctxB, groupOfA.id, () => getGroup(ctxB, groupOfA.id)).catch((e: unknown) => e);
    // next/navigation's notFound() throws its own marker error.
    expect(String((answer as { digest?: string }).digest)).toMatch(/NOT_FOUND|404/);
    const [event] = await eventsOf({ type: "authorization_denied", userId: b.admin.id, details: { path: ["object"], equals: "group" } });
    expect(event).toMatchObject({ workspaceId: b.workspace.id, details: { reason: "other_workspace_object" } });
  });

  it("a public key attempting a write: 403 INSUFFICIENT_SCOPE and an event (public_key_write) in the key's workspace", async () => {
    const pk = await insertKey(a.workspace.id, { type: "pk", scopes: ["numbers:manage"] });
    const res = await call("POST /phone-numbers", { key: pk.key, body: { number: "+14155550177", label: "x" }, headers: { "user-agent": "browser/1" } });
    expect(res.status).toBe(403);
    expect(res.json.error?.code).toBe("INSUFFICIENT_SCOPE");
    const [event] = await eventsOf({ type: "authorization_denied", workspaceId: a.workspace.id, details: { path: ["reason"], equals: "public_key_write" } });
    expect(event).toMatchObject({ userAgent: "browser/1", details: { permission: "numbers:manage" } });
    // The request id the response carried, so the event joins request logs and audit rows.
    expect(event?.requestId).toBe(res.headers.get("x-request-id"));
  });
});

describe("failed current-password checks", () => {
  it("a wrong password at step-up is step_up_failed with the request's id and user agent", async () => {
    const user = await createUser("stepper@cov.test");
    const session = (await resolveSession((await createSession(user.id, meta(40))).token, new Date(), meta(40)))!;
    await expect(confirmPassword(session, "not the password at all", meta(41))).rejects.toBeDefined();
    const [event] = await eventsOf({ type: "step_up_failed", userId: user.id });
    expect(event).toMatchObject({ ip: meta(41).ip, userAgent: meta(41).userAgent, requestId: meta(41).requestId, details: { via: "step_up", session_id: session.sessionId } });
  });
});

describe("key events reach the key's workspace", () => {
  it("api_key_in_query with a key that works goes to its workspace (display form only); a revoked one to the platform", async () => {
    const live = await insertKey(b.workspace.id, { scopes: ["calls:read"] });
    const res = await call("GET /calls", { query: `api_key=${live.key}`, headers: { "user-agent": "leaky/1" } });
    expect(res.status).toBe(400);
    const [event] = await eventsOf({ type: "api_key_in_query", workspaceId: b.workspace.id });
    expect(event).toMatchObject({ userAgent: "leaky/1", details: { parameter: "api_key", key_id: live.id } });
    expect(JSON.stringify({ ...event, id: String(event?.id) })).not.toContain(live.key);
    const revoked = await insertKey(b.workspace.id, { scopes: ["calls:read"], revokedAt: new Date() });
    await call("GET /calls", { query: `q=${revoked.key}` });
    expect(await db().securityEvent.count({ where: { type: "api_key_in_query", workspaceId: b.workspace.id } })).toBe(1);
    expect(await db().securityEvent.count({ where: { type: "api_key_in_query", workspaceId: null } })).toBe(1);
  });
});

describe("a key over its rate limit", () => {
  it("is a rate_limited event in the key's workspace, coalesced with a count", async () => {
    const k = await insertKey(a.workspace.id, { scopes: ["calls:read"] });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await call("GET /calls", { key: k.key, headers: { "user-agent": "runaway/1" } })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    await flushCoalescedSecurityEvents();
    const events = await eventsOf({ type: "rate_limited", workspaceId: a.workspace.id, details: { path: ["key_id"], equals: k.id } });
    expect(events.map((e) => e.count)).toEqual([1, 2]);
    expect(events[0]).toMatchObject({ userAgent: "runaway/1", details: { policy: "apiKey" } });
  });
});

describe("quota_exceeded", () => {
  it("a live charge at zero credit is refused with an event; a balance above zero and test mode pass", async () => {
    const ctx = (await a.member(a.owner))!;
    const refused = await assertCreditAvailable(ctx, "test_call").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("FORBIDDEN");
    const [event] = await eventsOf({ type: "quota_exceeded", workspaceId: a.workspace.id });
    expect(event).toMatchObject({ userId: a.owner.id, details: { reason: "credit_exhausted", what: "test_call", balance_minor: 0 } });
    await expect(assertCreditAvailable(ctx.inMode("test"), "test_call")).resolves.toBeUndefined();
    await db().ledgerEntry.create({ data: { workspaceId: a.workspace.id, kind: "test_topup", amountMinor: 500, currency: "usd", reference: "cov-topup" } });
    await expect(assertCreditAvailable(ctx, "test_call")).resolves.toBeUndefined();
  });
});

describe("scanner_unavailable", () => {
  it("clamd configured but down: the upload is refused and the workspace gets a scanner_unavailable event", async () => {
    process.env.CLAMAV_HOST = `127.0.0.1:${await freePort()}`;
    process.env.CLAMAV_TIMEOUT_MS = "1000";
    resetUploadConfigForTests();
    try {
      const ctx = (await a.member(a.admin))!;
      const result = await addDocument(ctx, { filename: "notes.txt", bytes: new TextEncoder().encode("hello, plain text") }).catch((e: unknown) => e);
      expect(result).toBeInstanceOf(AppError);
      const [event] = await eventsOf({ type: "scanner_unavailable", workspaceId: a.workspace.id });
      expect(event).toMatchObject({ userId: a.admin.id, details: { reason: "scanner_unavailable" } });
      expect(String((event?.details as { detail?: string }).detail)).toMatch(/clamd at 127\.0\.0\.1:/);
    } finally {
      delete process.env.CLAMAV_HOST;
      delete process.env.CLAMAV_TIMEOUT_MS;
      resetUploadConfigForTests();
    }
  });
});

describe("coalescing (decision 034)", () => {
  it("the first occurrence is written at once; the rest of the window is one more row with their count", async () => {
    const event = { type: "rate_limited" as const, ip: "198.51.100.77", workspaceId: a.workspace.id, details: { policy: "api" }, requestId: "req_flood_1", userAgent: "flood/1" };
    for (let i = 0; i < 25; i++) await recordSecurityEventCoalesced("flood", { ...event, requestId: `req_flood_${i}` });
    const now = await eventsOf({ ip: event.ip });
    expect(now.map((e) => e.count)).toEqual([1]);
    await flushCoalescedSecurityEvents();
    const rows = await eventsOf({ ip: event.ip });
    expect(rows.map((e) => e.count)).toEqual([1, 24]);
    expect(rows[1]).toMatchObject({ requestId: "req_flood_24", userAgent: "flood/1", details: { policy: "api", coalesced: { window_seconds: 60 } } });
    // Another reason, IP or workspace is its own series, whatever key the caller passed.
    await recordSecurityEventCoalesced("flood", { ...event, workspaceId: b.workspace.id });
    await recordSecurityEventCoalesced("flood", { ...event, details: { policy: "signIn" } });
    await flushCoalescedSecurityEvents();
    expect((await eventsOf({ ip: event.ip })).map((e) => e.count)).toEqual([1, 24, 1, 1]);
  });
});

describe("the Security page", () => {
  it("counts a coalesced row as its occurrences, and shows its request id and user agent", async () => {
    const lonely = await callsWorkspace("cov-page");
    await db().securityEvent.createMany({
      data: [
        { workspaceId: lonely.workspace.id, type: "rate_limited", count: 1, requestId: "req_page_first", userAgent: "ua/1" },
        { workspaceId: lonely.workspace.id, type: "rate_limited", count: 41, requestId: "req_page_rest", userAgent: "ua/1" },
      ],
    });
    const ctx = (await lonely.member(lonely.owner))!;
    const volume = await securityEventVolume(ctx);
    expect(volume.totals.total).toBe(42);
    const { events } = await listSecurityEvents(ctx.data, lonely.workspace.id, {});
    expect(events.map((e) => [e.count, e.requestId, e.userAgent])).toEqual([
      [41, "req_page_rest", "ua/1"],
      [1, "req_page_first", "ua/1"],
    ]);
  });
});
