import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SecurityEventType } from "@/lib/audit/security-events";
import { db } from "@/lib/db/client";
import { listSecurityEvents, parseSecurityPage, type SecurityEventQuery } from "@/lib/security-page/events";
import { OTHER, securityEventVolume } from "@/lib/security-page/volume";
import { callsWorkspace } from "../support/calls";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { first, nth } from "../support/items";

let database: TestDatabase;
let ws: Awaited<ReturnType<typeof callsWorkspace>>;
let other: Awaited<ReturnType<typeof callsWorkspace>>;
const now = new Date("2026-11-20T15:00:00Z");
const day = 86_400_000;
const TYPES: SecurityEventType[] = ["sign_in_failed", "rate_limited", "csrf_rejected", "invalid_api_key", "cors_rejected", "step_up_failed", "invalid_signature"];
const IPS = ["198.51.100.4", "198.51.100.5", "2001:db8::1"];

beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
  ws = await callsWorkspace("sec-a");
  other = await callsWorkspace("sec-b");
  // Type i gets 7 - i events (7, 6, … 1), one per day going back, so the ranking is fixed.
  const rows = TYPES.flatMap((type, i) =>
    Array.from({ length: TYPES.length - i }, (_, j) => ({
      workspaceId: ws.workspace.id,
      type,
      occurredAt: new Date(now.getTime() - j * day - i * 60_000),
      ip: IPS[(i + j) % 3],
      userId: j % 2 === 0 ? ws.agent.id : other.owner.id,
      details: { i, j, path: "/api/v1/calls" },
    })),
  );
  await db().securityEvent.createMany({ data: rows });
  // The same types and addresses in another workspace, and a platform-level event: never here.
  await db().securityEvent.createMany({
    data: [
      ...TYPES.map((type) => ({ workspaceId: other.workspace.id, type, occurredAt: now, ip: IPS[0], userId: other.owner.id })),
      { workspaceId: null, type: "sign_in_failed", occurredAt: now, ip: IPS[0] },
      // Outside the chart's window (31 days back).
      { workspaceId: ws.workspace.id, type: "sign_in_failed", occurredAt: new Date(now.getTime() - 31 * day), ip: IPS[0] },
    ],
  });
});
afterAll(async () => database.close());

/** The workspace's rows from the privileged connection, filtered in JS: the oracle. */
async function expected(q: SecurityEventQuery) {
  const rows = await db().securityEvent.findMany({ where: { workspaceId: ws.workspace.id }, orderBy: [{ occurredAt: "desc" }, { id: "desc" }] });
  return rows
    .filter((r) => (!q.type || r.type === q.type) && (!q.ip || r.ip === q.ip) && (!q.from || r.occurredAt >= q.from) && (!q.to || r.occurredAt < q.to))
    .map((r) => String(r.id));
}

async function all(q: SecurityEventQuery, limit = 4) {
  const ctx = await ws.member(ws.admin);
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const page = await listSecurityEvents(ctx.data, ws.workspace.id, q, { limit, cursor });
    ids.push(...page.events.map((e) => e.id));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return ids;
}

describe("security events list", () => {
  it("filters by type, IP and date range return exactly the matching events, newest first, across keyset pages", async () => {
    const cases: Record<string, string>[] = [
      {},
      { type: "sign_in_failed" },
      { ip: "2001:db8::1" },
      { from: "2026-11-18", to: "2026-11-19" },
      { type: "rate_limited", ip: "198.51.100.5", from: "2026-11-15" },
      { to: "2026-11-16" },
    ];
    for (const params of cases) {
      const state = parseSecurityPage(params);
      expect(state.errors).toEqual([]);
      const want = await expected(state.query);
      expect(want.length, JSON.stringify(params)).toBeGreaterThan(0);
      expect(await all(state.query), JSON.stringify(params)).toEqual(want);
    }
    expect((await all({ type: "sign_in_failed" })).length).toBe(8);
  });

  it("bad filter values are reported, not run", () => {
    expect(parseSecurityPage({ type: "drop table", ip: "1.2.3", from: "2026-13-40", cursor: "x" }).errors).toHaveLength(4);
    expect(parseSecurityPage({ from: "2026-11-20", to: "2026-11-19" }).errors).toEqual(["from: must not be after to."]);
  });

  it("another workspace's events never appear, even when its id is asked for through this workspace's scope", async () => {
    const ctx = await ws.member(ws.admin);
    const mine = await listSecurityEvents(ctx.data, ws.workspace.id, {}, { limit: 500 });
    const otherIds = new Set((await db().securityEvent.findMany({ where: { NOT: { workspaceId: ws.workspace.id } } })).map((r) => String(r.id)));
    expect(mine.events.length).toBeGreaterThan(0);
    expect(mine.events.filter((e) => otherIds.has(e.id))).toEqual([]);
    // RLS underneath: naming the other workspace from this scope returns nothing.
    expect((await listSecurityEvents(ctx.data, other.workspace.id, {}, { limit: 500 })).events).toEqual([]);
  });

  it("shows the user's email only for members of this workspace", async () => {
    const ctx = await ws.member(ws.admin);
    const { events } = await listSecurityEvents(ctx.data, ws.workspace.id, {}, { limit: 500 });
    const agentRows = events.filter((e) => e.userId === ws.agent.id);
    const outsiderRows = events.filter((e) => e.userId === other.owner.id);
    expect(agentRows.length).toBeGreaterThan(0);
    expect(agentRows.every((e) => e.userEmail === "agent@sec-a.test")).toBe(true);
    expect(outsiderRows.length).toBeGreaterThan(0);
    expect(outsiderRows.every((e) => e.userEmail === null)).toBe(true);
    expect(first(events, "security event").details).toMatchObject({ path: "/api/v1/calls" });
  });
});

describe("security events chart", () => {
  it("zero-fills 30 days and counts by type: the top five, then other", async () => {
    const ctx = await ws.member(ws.admin);
    const volume = await securityEventVolume(ctx, { now });
    expect(volume.days).toHaveLength(30);
    const oldest = nth(volume.days, 0, "day");
    const today = nth(volume.days, 29, "day");
    expect(oldest.date).toBe("2026-10-22");
    expect(today.date).toBe("2026-11-20");
    expect(volume.keys).toEqual([...TYPES.slice(0, 5), OTHER]);
    // 7+6+5+4+3+2+1 in the window; the event 31 days back and the other workspace's are not.
    expect(volume.totals.total).toBe(28);
    expect(volume.totals.sign_in_failed).toBe(7);
    expect(volume.totals.cors_rejected).toBe(3);
    expect(volume.totals[OTHER]).toBe(3);
    // Day j back holds one event of every type with more than j events.
    expect(today.total).toBe(7);
    expect(today.counts).toEqual({ sign_in_failed: 1, rate_limited: 1, csrf_rejected: 1, invalid_api_key: 1, cors_rejected: 1, [OTHER]: 2 });
    expect(nth(volume.days, 23, "day").counts).toEqual({ sign_in_failed: 1, rate_limited: 0, csrf_rejected: 0, invalid_api_key: 0, cors_rejected: 0, [OTHER]: 0 });
    expect(volume.days.slice(0, 23).every((d) => d.total === 0 && Object.values(d.counts).every((n) => n === 0))).toBe(true);
    expect(volume.max).toBe(7);
  });

  it("a workspace without events gets 30 zero days and no series", async () => {
    const lonely = await callsWorkspace("sec-c");
    const volume = await securityEventVolume(await lonely.member(lonely.owner), { now });
    expect(volume.keys).toEqual([]);
    expect(volume.days).toHaveLength(30);
    expect(volume.totals.total).toBe(0);
  });
});
