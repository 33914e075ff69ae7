import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPORT_COLUMNS } from "@/lib/calls/export";
import { exportCallLog } from "@/lib/calls/export-download";
import { recordCall } from "@/lib/calls/create";
import { listCalls } from "@/lib/calls/query";
import type { CallsQuery } from "@/lib/calls/schemas";
import { db } from "@/lib/db/client";
import { inWorkspace } from "@/lib/db/scoped";
import { call, insertKey } from "../support/api";
import { callsWorkspace } from "../support/calls";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { first, nth } from "../support/items";

let database: TestDatabase;
let ws: Awaited<ReturnType<typeof callsWorkspace>>;
let other: Awaited<ReturnType<typeof callsWorkspace>>;
const ids: { id: string; startedAt: Date; duration: number; status: string; direction: string }[] = [];
const STATUSES = ["completed", "failed", "no_answer", "busy"] as const;
const base = Date.parse("2026-11-01T00:00:00Z");

beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
  ws = await callsWorkspace("query-a");
  other = await callsWorkspace("query-b");
  const workspace = { id: ws.workspace.id, callerMasking: true };
  const write = <T,>(fn: Parameters<typeof inWorkspace<T>>[1]) => inWorkspace(ws.workspace.id, fn);
  // 37 live calls: several share a start time and a duration, to exercise the id tie-break.
  for (let i = 0; i < 37; i++) {
    const startedAt = new Date(base + Math.floor(i / 2) * 3_600_000 * 7);
    const status = nth(STATUSES, i % 4, "status");
    const direction = i % 5 === 0 ? "outbound" : "inbound";
    const duration = status === "completed" ? 30 + (i % 6) * 10 : 0;
    const id = await recordCall(workspace, "live", { direction, status, caller: `+23480355507${String(i).padStart(2, "0")}`, toNumber: "+14155550100", startedAt, durationSeconds: duration, transcript: null, recording: null, simulated: false }, write);
    ids.push({ id, startedAt, duration, status, direction });
  }
  await recordCall(workspace, "test", { direction: "inbound", status: "completed", caller: "+2348035550999", toNumber: "+14155550199", startedAt: new Date(base), durationSeconds: 5, transcript: null, recording: null, simulated: true }, write);
  await recordCall({ id: other.workspace.id, callerMasking: true }, "live", { direction: "inbound", status: "completed", caller: "+2348035550998", toNumber: "+14155550100", startedAt: new Date(base), durationSeconds: 5, transcript: null, recording: null, simulated: false }, (fn) => inWorkspace(other.workspace.id, fn));
});
afterAll(async () => database.close());

async function walk(q: Omit<CallsQuery, "cursor" | "limit">, limit = 7) {
  const viewer = (await ws.member(ws.owner)).inMode("live");
  const seen: { id: string; started_at: string; duration_seconds: number }[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await listCalls(viewer, { ...q, limit, cursor });
    seen.push(...page.data);
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  return seen;
}

const key = (sort: string) => (a: (typeof ids)[number], b: (typeof ids)[number]) => {
  const [field, desc] = [sort.replace("-", ""), sort.startsWith("-") ? -1 : 1];
  const va = field === "started_at" ? a.startedAt.getTime() : a.duration;
  const vb = field === "started_at" ? b.startedAt.getTime() : b.duration;
  return (va - vb || a.id.localeCompare(b.id)) * desc;
};

describe("call lists: keyset pagination, sorting, filters", () => {
  it.each(["-started_at", "started_at", "-duration_seconds", "duration_seconds"] as const)("sort %s: pages cover every call exactly once, in order", async (sort) => {
    const seen = await walk({ sort });
    expect(seen.map((c) => c.id)).toEqual([...ids].sort(key(sort)).map((c) => c.id));
  });

  it("filters combine, and the date range is [from, to)", async () => {
    const from = new Date(base + 3 * 86_400_000);
    const to = new Date(base + 6 * 86_400_000);
    const seen = await walk({ sort: "-started_at", status: "completed", direction: "inbound", from: from.toISOString(), to: to.toISOString() });
    const expected = ids.filter((c) => c.status === "completed" && c.direction === "inbound" && c.startedAt >= from && c.startedAt < to);
    expect(expected.length).toBeGreaterThan(0);
    expect(seen.map((c) => c.id).sort()).toEqual(expected.map((c) => c.id).sort());
  });

  it("a cursor is tied to its sort; a forged one is refused", async () => {
    const viewer = (await ws.member(ws.owner)).inMode("live");
    const page = await listCalls(viewer, { limit: 5, sort: "-started_at" });
    await expect(listCalls(viewer, { limit: 5, sort: "duration_seconds", cursor: page.next_cursor! })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    const forged = Buffer.from(JSON.stringify({ s: "-started_at", v: "'; DROP TABLE calls; --", id: first(ids, "seeded call").id })).toString("base64url");
    await expect(listCalls(viewer, { limit: 5, sort: "-started_at", cursor: forged })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
  });

  it("the API: live keys see live calls, test keys test calls; other workspaces' calls are 404", async () => {
    const { key: live } = await insertKey(ws.workspace.id, { mode: "live", scopes: ["calls:read"] });
    const { key: test } = await insertKey(ws.workspace.id, { mode: "test", scopes: ["calls:read"] });
    const liveList = await call("GET /calls", { key: live, query: "limit=100" });
    expect(liveList.json.data).toHaveLength(37);
    const testList = await call("GET /calls", { key: test, query: "limit=100" });
    expect(testList.json.data).toHaveLength(1);
    const testCall = first(testList.json.data as { id: string; mode: string }[], "test call");
    expect(testCall.mode).toBe("test");
    const testId = testCall.id;
    expect((await call("GET /calls/{id}", { key: live, params: { id: testId } })).status).toBe(404);
    const foreign = await db().call.findFirstOrThrow({ where: { workspaceId: other.workspace.id } });
    for (const route of ["GET /calls/{id}", "GET /calls/{id}/recording"] as const) {
      const res = await call(route, { key: live, params: { id: foreign.id } });
      expect(res.status).toBe(404);
      expect(res.text).not.toContain(foreign.callerDisplay);
    }
    expect((await call("GET /calls/{id}", { key: live, params: { id: "not-a-uuid" } })).status).toBe(404);
    const noRecording = await call("GET /calls/{id}/recording", { key: live, params: { id: first(ids, "seeded call").id } });
    expect(noRecording.status).toBe(404);
    const bad = await call("GET /calls", { key: live, query: "status=ringing" });
    expect(bad.status).toBe(400);
    const unknown = await call("GET /calls", { key: live, query: "caller_number=%2B2348035550700" });
    expect(unknown.status).toBe(400);
  });
});

describe("CSV export", () => {
  it("has every filtered row, in the table's order, with the table's masking, and is audited", async () => {
    const owner = await ws.member(ws.owner);
    const res = await exportCallLog(owner, new URLSearchParams({ status: "completed" }), "req_test");
    expect(res.headers.get("content-type")).toContain("text/csv");
    const expected = ids.filter((c) => c.status === "completed");
    expect(res.headers.get("x-export-rows")).toBe(String(expected.length));
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(Object.keys(first(rows, "exported row"))).toEqual([...EXPORT_COLUMNS]);
    const table = await walk({ sort: "-started_at", status: "completed" }, 100);
    expect(rows.map((r) => r.id)).toEqual(table.map((c) => c.id));
    for (const r of rows) {
      expect(r.caller).toMatch(/^\+234 \*\*\* \*\*\* 7\d\d$/);
      expect(r.status).toBe("completed");
    }
    const audit = await db().auditLog.findFirstOrThrow({ where: { workspaceId: ws.workspace.id, action: "calls.exported" }, orderBy: { occurredAt: "desc" } });
    expect(audit.changes).toMatchObject({ after: { rows: expected.length, status: "completed", mode: "live" } });
  });

  it("a reader that goes away ends the export and frees its transaction", async () => {
    const owner = await ws.member(ws.owner);
    const res = await exportCallLog(owner, new URLSearchParams(), "req_test");
    const reader = res.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    await reader.cancel();
    // The database is free again (PGlite has one connection: a stuck export would block this).
    const page = await listCalls(owner.inMode("live"), { limit: 5, sort: "-started_at" });
    expect(page.data).toHaveLength(5);
  });

  it("needs the export permission: an agent is refused (and it is a security event)", async () => {
    await expect(exportCallLog(await ws.member(ws.agent), new URLSearchParams(), "req_test")).rejects.toMatchObject({ code: "FORBIDDEN" });
    const events = await db().securityEvent.findMany({ where: { workspaceId: ws.workspace.id, type: "authorization_denied" } });
    expect(events.some((e) => JSON.stringify(e.details).includes("settings:manage"))).toBe(true);
  });
});
