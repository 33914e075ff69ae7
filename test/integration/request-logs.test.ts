import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERMISSIONS } from "@/lib/authz/permissions";
import { db } from "@/lib/db/client";
import { applyRequestLogRetention, ensurePartitions, listPartitions } from "@/lib/request-logs/partitions";
import { flushRequestLogs } from "@/lib/request-logs/writer";
import { call, insertKey } from "../support/api";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { createUser } from "../support/users";

/**
 * Issue 19 item 1–2: every /api/v1 request of a recognised key is recorded — found by its
 * X-Request-Id through the API — with nothing a log must not hold; partitions are created
 * ahead and dropped by retention on an injected clock.
 */
let database: TestDatabase;
let a: string;
let b: string;
let keyA: { key: string; id: string };
let readerA: { key: string; id: string };
let keyB: { key: string; id: string };

beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
  await createUser("owner@logs-a.test", { workspaceSlug: "logs-a" });
  await createUser("owner@logs-b.test", { workspaceSlug: "logs-b" });
  a = (await db().workspace.findUniqueOrThrow({ where: { slug: "logs-a" } })).id;
  b = (await db().workspace.findUniqueOrThrow({ where: { slug: "logs-b" } })).id;
  keyA = await insertKey(a, { scopes: [...PERMISSIONS] });
  readerA = await insertKey(a, { scopes: ["calls:read"] });
  keyB = await insertKey(b, { scopes: [...PERMISSIONS] });
});
afterAll(async () => database.close());

const logsOf = async (key: string, query: string) => {
  const response = await call("GET /request-logs", { key, query });
  expect(response.status, response.text).toBe(200);
  return response.json as unknown as { data: Array<Record<string, unknown>>; next_cursor: string | null };
};

describe("request logs", () => {
  it("finds a request by its X-Request-Id, with its route, status, error code, key and size", async () => {
    const ok = await call("GET /phone-numbers", { key: keyA.key, query: "limit=5" });
    const refused = await call("POST /phone-numbers", { key: readerA.key, body: { number: "+2348035550199", label: "x" } });
    expect(refused.status).toBe(403);
    await flushRequestLogs();

    const [row] = (await logsOf(keyA.key, `request_id=${ok.headers.get("x-request-id")}`)).data;
    expect(row).toMatchObject({
      request_id: ok.headers.get("x-request-id"),
      method: "GET",
      route: "/phone-numbers",
      path: "/api/v1/phone-numbers",
      status: 200,
      error_code: null,
      key: { id: keyA.id },
      mode: "live",
      response_bytes: Buffer.byteLength(ok.text),
    });
    expect(row!.duration_ms).toBeGreaterThan(0);

    const [failed] = (await logsOf(keyA.key, `request_id=${refused.headers.get("x-request-id")}`)).data;
    expect(failed).toMatchObject({ status: 403, error_code: "INSUFFICIENT_SCOPE", key: { id: readerA.id }, route: "/phone-numbers", method: "POST" });
    // The error names its page in the dashboard, as Stripe's request_log_url does.
    const error = (refused.json as { error: { request_log_url?: string; request_id: string } }).error;
    expect(error.request_log_url).toMatch(new RegExp(`/logs-a/developers/logs\\?request_id=${error.request_id}$`));
  });

  it("is findable within a second of the response with no explicit flush; the key's last use is written by the same timer", async () => {
    const fresh = await insertKey(a, { scopes: ["numbers:manage"] });
    const response = await call("GET /phone-numbers", { key: fresh.key });
    const id = response.headers.get("x-request-id")!;
    const answered = Date.now();
    let found = 0;
    let lastUsedAt: Date | null = null;
    // The timer's flushes run side by side: the row and the stamp may land a query apart.
    while ((found === 0 || lastUsedAt === null) && Date.now() - answered < 1000) {
      await new Promise((r) => setTimeout(r, 50));
      found = await db().requestLog.count({ where: { requestId: id } });
      lastUsedAt = (await db().apiKey.findUniqueOrThrow({ where: { id: fresh.id } })).lastUsedAt;
    }
    expect(found, "the row within a second").toBe(1);
    expect(lastUsedAt, "the last use within a second").not.toBeNull();
  });

  it("is the workspace's own: another workspace's key finds nothing, and filters combine", async () => {
    const ok = await call("GET /phone-numbers", { key: keyA.key });
    await flushRequestLogs();
    const id = ok.headers.get("x-request-id")!;
    expect((await logsOf(keyB.key, `request_id=${id}`)).data).toEqual([]);
    expect((await logsOf(keyA.key, `request_id=${id}&status=2xx&method=GET&path=/api/v1/phone`)).data).toHaveLength(1);
    expect((await logsOf(keyA.key, `request_id=${id}&status=4xx`)).data).toHaveLength(0);
    expect((await logsOf(keyA.key, `key_id=${readerA.id}&status=403`)).data.length).toBeGreaterThan(0);
    const bad = await call("GET /request-logs", { key: keyA.key, query: "status=99" });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.code).toBe("VALIDATION_FAILED");
  });

  it("pages newest first with a cursor, without repeats", async () => {
    for (let i = 0; i < 7; i++) await call("GET /phone-numbers", { key: keyB.key });
    await flushRequestLogs();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: Array<Record<string, unknown>>; next_cursor: string | null } = await logsOf(keyB.key, `limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.data.map((r) => String(r.id)));
      const times = page.data.map((r) => Date.parse(String(r.occurred_at)));
      expect([...times].sort((x, y) => y - x)).toEqual(times);
      cursor = page.next_cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(7);
  });

  it("a request without a valid key is not recorded (it has no workspace to be shown to)", async () => {
    await flushRequestLogs();
    const before = await db().requestLog.count();
    await call("GET /phone-numbers", { key: "sb_live_sk_0000000000000000000000000000000000000000" });
    await call("GET /phone-numbers");
    await flushRequestLogs();
    expect(await db().requestLog.count()).toBe(before);
  });

  it("no row holds a key, a secret, a body, a query string or a phone number", async () => {
    const number = "+2348035550177";
    await call("POST /phone-numbers", { key: keyA.key, body: { number, label: "secret label 42" } });
    await call("GET /calls", { key: keyA.key, query: `caller=${encodeURIComponent(number)}` });
    await call("POST /webhook-endpoints", { key: keyA.key, body: { url: "https://example.com/hook", events: ["call.completed"] } });
    await flushRequestLogs();
    const rows = await db().$queryRaw<Array<Record<string, unknown>>>`SELECT * FROM request_logs`;
    expect(rows.length).toBeGreaterThan(5);
    const text = JSON.stringify(rows);
    for (const secret of [keyA.key, readerA.key, keyB.key, number, number.slice(1), "secret label 42", "whsec_", "caller="]) {
      expect(text, secret).not.toContain(secret);
    }
    expect(text).not.toMatch(/sb_(live|test)_(sk|pk)_[0-9A-Za-z]{38}/);
    expect(text).not.toMatch(/\+\d{8,15}/);
  });
});

describe("partitions", () => {
  it("are created ahead by month and dropped whole by retention (injected clock)", async () => {
    const now = new Date("2031-03-15T12:00:00Z");
    const created = await ensurePartitions(now);
    expect(created).toEqual(["request_logs_p203103", "request_logs_p203104", "request_logs_p203105"]);
    expect(await ensurePartitions(now)).toEqual([]);
    // A row lands in its month's partition.
    await db().requestLog.create({
      data: { workspaceId: a, occurredAt: new Date("2031-03-20T00:00:00Z"), requestId: "req_partition_probe", method: "GET", route: "/calls", path: "/api/v1/calls", status: 200, durationMs: 1, keyId: keyA.id, keyDisplay: "sb_live_sk_…abcd", mode: "live", permission: "calls:read" },
    });
    const [where] = await db().$queryRaw<{ part: string }[]>`SELECT tableoid::regclass::text AS part FROM request_logs WHERE request_id = 'req_partition_probe'`;
    expect(where!.part).toBe("request_logs_p203103");

    // A year and a month later, March 2031 has passed every workspace's retention (365 days).
    const later = new Date("2032-04-20T00:00:00Z");
    const { dropped } = await applyRequestLogRetention(later);
    expect(dropped).toContain("request_logs_p203103");
    expect(dropped).not.toContain("request_logs_p203104");
    expect((await listPartitions()).map((p) => p.name)).not.toContain("request_logs_p203103");
    expect(await db().requestLog.count({ where: { requestId: "req_partition_probe" } })).toBe(0);
  });

  it("a month's rows the default partition caught move into its partition when it is created", async () => {
    await db().requestLog.create({
      data: { workspaceId: a, occurredAt: new Date("2035-06-02T00:00:00Z"), requestId: "req_default_probe", method: "GET", route: "/calls", path: "/api/v1/calls", status: 200, durationMs: 1, keyId: keyA.id, keyDisplay: "sb_live_sk_…abcd", mode: "live", permission: "calls:read" },
    });
    await ensurePartitions(new Date("2035-06-01T00:00:00Z"));
    const [where] = await db().$queryRaw<{ part: string }[]>`SELECT tableoid::regclass::text AS part FROM request_logs WHERE request_id = 'req_default_probe'`;
    expect(where!.part).toBe("request_logs_p203506");
  });

  it("a workspace keeping less has its older rows deleted inside kept partitions", async () => {
    await db().workspace.update({ where: { id: b }, data: { retentionRequestLogsDays: 7 } });
    const at = new Date("2036-01-10T00:00:00Z");
    await ensurePartitions(at);
    for (const [ws, key] of [[a, keyA.id], [b, keyB.id]] as const) {
      await db().requestLog.create({
        data: { workspaceId: ws, occurredAt: at, requestId: `req_short_${ws.slice(0, 4)}`, method: "GET", route: "/calls", path: "/api/v1/calls", status: 200, durationMs: 1, keyId: key, keyDisplay: "x", mode: "live", permission: "calls:read" },
      });
    }
    const { deleted } = await applyRequestLogRetention(new Date("2036-01-30T00:00:00Z"));
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect(await db().requestLog.count({ where: { workspaceId: b, occurredAt: at } })).toBe(0);
    expect(await db().requestLog.count({ where: { workspaceId: a, occurredAt: at } })).toBe(1);
    await db().workspace.update({ where: { id: b }, data: { retentionRequestLogsDays: 365 } });
  });
});

describe("usage per key", () => {
  it("counts requests per day by outcome, the last IP, the scopes exercised and a new network", async () => {
    const { keyUsage, unusedScopes, usagePostureFlags } = await import("@/lib/request-logs/usage");
    const { inWorkspace } = await import("@/lib/db/scoped");
    const key = await insertKey(a, { scopes: ["calls:read", "numbers:manage", "audit:read"] });
    const now = new Date();
    const at = (daysAgo: number, hour = 12) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - daysAgo, hour));
    const row = (occurredAt: Date, status: number, ip: string, permission = "calls:read") => ({
      workspaceId: a, occurredAt, requestId: `req_usage_${occurredAt.getTime()}_${status}_${ip}`, method: "GET", route: "/calls", path: "/api/v1/calls",
      status, durationMs: 1, keyId: key.id, keyDisplay: "x", mode: "live" as const, permission, ip,
    });
    await ensurePartitions(at(40));
    await ensurePartitions(now);
    await db().requestLog.createMany({
      data: [
        row(at(20), 200, "198.51.100.7"),
        row(at(20, 13), 404, "198.51.100.8"),
        row(at(3), 500, "198.51.100.9", "numbers:manage"),
        row(at(1), 200, "203.0.113.5"),
        row(at(40), 200, "192.0.2.1", "audit:read"),
      ],
    });
    const usage = (await keyUsage((fn) => inWorkspace(a, fn), a, [key.id], now)).get(key.id)!;
    expect(usage.days).toHaveLength(30);
    expect(usage.total).toBe(4);
    expect(usage.days.find((d) => d.day === at(20).toISOString().slice(0, 10))).toMatchObject({ ok: 1, clientErrors: 1, serverErrors: 0 });
    expect(usage.days.find((d) => d.day === at(3).toISOString().slice(0, 10))).toMatchObject({ serverErrors: 1 });
    expect(usage.lastIp).toBe("203.0.113.5");
    // Only successful requests count as using a scope; the 40-day-old one is outside the window.
    expect(usage.exercised).toEqual(["calls:read"]);
    expect(unusedScopes(["calls:read", "numbers:manage", "audit:read"], usage)).toEqual(["numbers:manage", "audit:read"]);
    expect(usage.networks).toBe(2);
    expect(usage.newNetwork).toMatchObject({ network: "203.0.113.0/24" });
    // Both become posture flags on the key's row.
    expect(usagePostureFlags(["calls:read", "numbers:manage", "audit:read"], usage).map((f) => f.flag)).toEqual(["wider_than_use", "network_change"]);
    expect(usagePostureFlags(["calls:read"], { ...usage, newNetwork: null })).toEqual([]);
    // Another workspace's scope sees none of it.
    const foreign = (await keyUsage((fn) => inWorkspace(b, fn), b, [key.id], now)).get(key.id)!;
    expect(foreign.total).toBe(0);
  });
});

describe("request logs of an erased workspace", () => {
  it("a request noted before its workspace was erased is never written after it; the batch's other rows are", async () => {
    await createUser("owner@logs-gone.test", { workspaceSlug: "logs-gone" });
    const gone = (await db().workspace.findUniqueOrThrow({ where: { slug: "logs-gone" } })).id;
    const goneKey = await insertKey(gone, { scopes: ["calls:read"] });
    // Both requests wait in the writer's queue (flushed every 500 ms: well after this).
    const late = await call("GET /calls", { key: goneKey.key });
    const kept = await call("GET /calls", { key: keyB.key });
    expect([late.status, kept.status]).toEqual([200, 200]);
    // The erasure's last step (lib/workspaces/deletion.ts): the row, with all it owns.
    await db().$executeRaw`DELETE FROM workspaces WHERE id = ${gone}::uuid`;
    await flushRequestLogs();
    expect(await db().requestLog.count({ where: { workspaceId: gone } })).toBe(0);
    expect(await db().requestLog.count({ where: { workspaceId: b, requestId: kept.headers.get("x-request-id")! } })).toBe(1);
  });

  it("the database refuses a request log whose workspace does not exist, and cascades a workspace's logs with it", async () => {
    const orphan = () => db().$executeRaw`
      INSERT INTO request_logs (workspace_id, occurred_at, request_id, method, route, path, status, duration_ms, key_id, key_display, mode, permission)
      VALUES (gen_random_uuid(), now(), 'req_orphan', 'GET', '/calls', '/api/v1/calls', 200, 1, gen_random_uuid(), 'sb_live_…', 'live', 'calls:read')`;
    await expect(orphan()).rejects.toThrow(/foreign key|request_logs_workspace_id_fkey/);
    await createUser("owner@logs-cascade.test", { workspaceSlug: "logs-cascade" });
    const ws = (await db().workspace.findUniqueOrThrow({ where: { slug: "logs-cascade" } })).id;
    await call("GET /calls", { key: (await insertKey(ws, { scopes: ["calls:read"] })).key });
    await flushRequestLogs();
    expect(await db().requestLog.count({ where: { workspaceId: ws } })).toBe(1);
    await db().$executeRaw`DELETE FROM workspaces WHERE id = ${ws}::uuid`;
    expect(await db().requestLog.count({ where: { workspaceId: ws } })).toBe(0);
  });
});
