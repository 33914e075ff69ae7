import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { AuditAction } from "@/lib/audit/actions";
import { BADGE_MAX_AGE_MS, chainBadge } from "@/lib/audit/chain-badge";
import type { Actor } from "@/lib/audit/context";
import { AUDIT_EXPORT_COLUMNS, exportAuditLog } from "@/lib/audit/export";
import { apiAuditQuery, changesDiff, listAuditPage, parseAuditPage, type AuditQuery } from "@/lib/audit/entries";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { neutraliseFormula } from "@/lib/export/cursor-csv";
import { call, insertKey } from "../support/api";
import { callsWorkspace } from "../support/calls";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { first, nth, present } from "../support/items";

let database: TestDatabase;
let ws: Awaited<ReturnType<typeof callsWorkspace>>;
let other: Awaited<ReturnType<typeof callsWorkspace>>;
const base = Date.parse("2026-11-01T09:00:00Z");

const ACTORS: Actor[] = [
  { type: "user", userId: "7d0c7a2e-0000-4000-8000-000000000001", email: "ada@audit-a.test" },
  { type: "user", userId: "7d0c7a2e-0000-4000-8000-000000000002", email: "adam@audit-a.test" },
  { type: "api_key", keyId: "key_0001", label: "CI deploy key" },
  { type: "system", label: "retention job" },
];
const ACTIONS: AuditAction[] = ["api_key.created", "member.role_changed", "settings.cors_changed"];
const IPS = ["198.51.100.4", "198.51.100.5", "2001:db8::1"];

beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
  ws = await callsWorkspace("audit-a");
  other = await callsWorkspace("audit-b");
  vi.useFakeTimers({ toFake: ["Date"] });
  try {
    for (let i = 0; i < 48; i++) {
      vi.setSystemTime(base + Math.floor(i / 8) * 86_400_000 + i * 1000); // 6 days, 8 entries a day
      const action = nth(ACTIONS, i % 3, "action");
      const actor = nth(ACTORS, i % 4, "actor");
      const ip = nth(IPS, i % 3, "IP");
      const targetType = first(action.split("."), "the noun of the action");
      await recordAudit(
        { actor, workspaceId: ws.workspace.id, ip, userAgent: "vitest", requestId: `req_${i}` },
        action,
        { type: targetType, id: `t${i % 5}`, label: `target ${i}` },
        { before: { role: "agent", n: i }, after: { role: "admin", n: i } },
      );
      // The same actors and addresses in another workspace: never on this workspace's page.
      if (i % 4 === 0) await recordAudit({ actor, workspaceId: other.workspace.id, ip }, action, { type: targetType, id: `t${i % 5}` });
    }
    vi.setSystemTime(base + 7 * 86_400_000);
    // User-typed text that a spreadsheet would run as a formula.
    await recordAudit(
      { actor: { type: "api_key", keyId: "key_evil", label: "=HYPERLINK(\"http://evil.test\",\"x\")" }, workspaceId: ws.workspace.id, ip: "198.51.100.9" },
      "api_key.renamed",
      { type: "api_key", id: "key_evil", label: "+cmd|' /C calc'!A0" },
      { before: { name: "@SUM(1+1)" }, after: { name: "-2+3" } },
    );
    await recordAudit({ actor: nth(ACTORS, 3, "actor"), workspaceId: ws.workspace.id, ip: "198.51.100.9" }, "api_key.renamed", { type: "api_key", id: "key_tab", label: "\tTAB" });
    // Text the verifier's hash payload must encode exactly as rowHash does.
    await recordAudit({ actor: nth(ACTORS, 0, "actor"), workspaceId: ws.workspace.id }, "group.updated", { type: "group", id: "g1", label: "Zoë \u2028 \"quoted\" ✓" }, { before: { z: 1, a: [1, { y: null, b: "é" }] }, after: { a: [] } });
  } finally {
    vi.useRealTimers();
  }
});
afterAll(async () => database.close());

/** Every row of the workspace from the privileged connection, filtered in JS: the oracle. */
async function expected(q: AuditQuery) {
  const rows = await db().auditLog.findMany({ where: { workspaceId: ws.workspace.id }, orderBy: { seq: "desc" } });
  return rows
    .filter(
      (r) =>
        (!q.actorType || r.actorType === q.actorType) &&
        (!q.actor || matchesActor(q.actor, r.actorLabel) || matchesActor(q.actor, r.actorId)) &&
        (!q.action || r.action === q.action) &&
        (!q.targetType || r.targetType === q.targetType) &&
        (!q.targetId || r.targetId === q.targetId) &&
        (!q.ip || r.ip === q.ip) &&
        (!q.from || r.occurredAt >= q.from) &&
        (!q.to || r.occurredAt < q.to),
    )
    .map((r) => String(r.id));
}

async function walk(search: Record<string, string>, limit = 5) {
  const owner = await ws.member(ws.owner);
  const state = parseAuditPage(search);
  expect(state.errors).toEqual([]);
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await listAuditPage(owner.data, ws.workspace.id, state.query, { limit, cursor });
    ids.push(...page.entries.map((e) => e.id));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return { ids, query: state.query };
}

async function exportRows(search: Record<string, string>) {
  const res = await exportAuditLog(await ws.member(ws.owner), new URLSearchParams(search), "req_export");
  expect(res.headers.get("content-type")).toContain("text/csv");
  const text = await res.text();
  const rows = parse(text, { columns: true }) as Record<string, string>[];
  return { rows, announced: Number(res.headers.get("x-export-rows")), text };
}

/** The page's rule: exact, or a prefix when the filter ends with "*". */
const matchesActor = (filter: string, value: string | null) =>
  filter.endsWith("*") && filter.length > 1 ? (value ?? "").startsWith(filter.slice(0, -1)) : value === filter;

const COMBOS: Record<string, string>[] = [
  {},
  { action: "member.role_changed" },
  { actor: "ada*" }, // prefix: ada@… and adam@…
  { actor: "ada@audit-a.test" }, // exact
  { actor_type: "user", action: "api_key.created", ip: "198.51.100.4" },
  { actor: "key_0001" }, // by actor id
  { target_type: "member", target_id: "t2" },
  { from: "2026-11-02", to: "2026-11-04", actor_type: "api_key" },
  { ip: "2001:db8::1", from: "2026-11-03" },
];

describe("audit page: filters, keyset pages, export", () => {
  it.each(COMBOS)("filters %o: pages cover exactly the matching rows, newest first, and the export has the same rows in the same order", async (search) => {
    const { ids, query } = await walk(search);
    const want = await expected(query);
    expect(ids).toEqual(want);
    if (Object.keys(search).length > 0) expect(want.length).toBeGreaterThan(0);
    const { rows, announced } = await exportRows(search);
    expect(announced).toBe(want.length);
    expect(rows.map((r) => r.id)).toEqual(want);
  });

  it("a filter that matches nothing, and bad filter values, are reported rather than thrown", async () => {
    expect((await walk({ actor: "nobody%*" })).ids).toEqual([]); // LIKE wildcards are literal
    expect((await walk({ actor: "ada" })).ids).toEqual([]); // without *, exact only
    expect(parseAuditPage({ action: "drop.tables", ip: "not-an-ip", from: "yesterday", actor_type: "robot" }).errors).toHaveLength(4);
    await expect(exportAuditLog(await ws.member(ws.owner), new URLSearchParams({ action: "nope" }), "req")).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
  });

  it("the export has the listed columns and is audited with its filters and row count", async () => {
    const search = { action: "settings.cors_changed", actor_type: "user" };
    const { rows } = await exportRows(search);
    const row = first(rows, "exported row");
    expect(Object.keys(row)).toEqual([...AUDIT_EXPORT_COLUMNS]);
    expect(JSON.parse(present(row.changes, "the changes column"))).toMatchObject({ before: { role: "agent" }, after: { role: "admin" } });
    const audit = await db().auditLog.findFirstOrThrow({ where: { workspaceId: ws.workspace.id, action: "audit.exported" }, orderBy: { seq: "desc" } });
    expect(audit.actorId).toBe(ws.owner.id);
    expect(audit.changes).toMatchObject({ after: { rows: rows.length, action: "settings.cors_changed", actor_type: "user", ip: null } });
    // The export itself is now in the log, and the export of everything lists it.
    const all = await exportRows({ action: "audit.exported" });
    expect(all.rows.map((r) => r.id)).toContain(String(audit.id));
  });

  it("a member without audit:read is refused (403) and it is a security event", async () => {
    const agent = await ws.member(ws.agent);
    expect(agent.can("audit:read")).toBe(false);
    await expect(exportAuditLog(agent, new URLSearchParams(), "req_test")).rejects.toMatchObject({ code: "FORBIDDEN", status: 403 });
    const events = await db().securityEvent.findMany({ where: { workspaceId: ws.workspace.id, type: "authorization_denied", userId: ws.agent.id } });
    expect(events.some((e) => JSON.stringify(e.details).includes("audit:read"))).toBe(true);
  });

  it("another workspace's rows never appear, even when asked for by its id", async () => {
    const otherIds = new Set((await db().auditLog.findMany({ where: { workspaceId: other.workspace.id } })).map((r) => String(r.id)));
    expect(otherIds.size).toBeGreaterThan(0);
    const { ids } = await walk({ actor: "ada" }, 100);
    const { rows } = await exportRows({});
    for (const id of [...ids, ...rows.map((r) => present(r.id, "the id column"))]) expect(otherIds.has(id)).toBe(false);
    // RLS underneath: ws's scoped data layer asking for the other workspace sees nothing.
    const owner = await ws.member(ws.owner);
    expect((await listAuditPage(owner.data, other.workspace.id, {})).entries).toEqual([]);
  });

  it("cells that a spreadsheet would run as formulas are neutralised", async () => {
    const { rows, text } = await exportRows({ ip: "198.51.100.9" });
    const evil = rows.find((r) => r.target_id === "key_evil")!;
    expect(evil.actor_label).toBe(`'=HYPERLINK("http://evil.test","x")`);
    expect(evil.target_label).toBe(`'+cmd|' /C calc'!A0`);
    expect(JSON.parse(present(evil.changes, "the changes column"))).toEqual({ before: { name: "@SUM(1+1)" }, after: { name: "-2+3" } }); // a JSON cell starts with {
    expect(rows.find((r) => r.target_id === "key_tab")!.target_label).toBe("'\tTAB");
    for (const r of rows) for (const v of Object.values(r)) expect(v).not.toMatch(/^[=+\-@\t\r]/);
    expect(text).not.toMatch(/(^|,)"?[=+@]/m);
    expect(["=1", "+1", "-1", "@a", "\tx", "\rx", "a=1", "1-2"].map(neutraliseFormula)).toEqual(["'=1", "'+1", "'-1", "'@a", "'\tx", "'\rx", "a=1", "1-2"]);
  });

  it("the detail diff lists each key with its before and after", () => {
    expect(changesDiff({ before: { role: "agent", n: 1 }, after: { role: "admin", n: 1, extra: { a: 1 } }, reason: "promotion" })).toEqual([
      { key: "role", before: "agent", after: "admin", changed: true },
      { key: "n", before: "1", after: "1", changed: false },
      { key: "extra", before: null, after: '{"a":1}', changed: true },
      { key: "reason", before: null, after: "promotion", changed: true },
    ]);
    expect(changesDiff(null)).toEqual([]);
  });
});

describe("chain badge", () => {
  it("says verified with the entry count, then broken at the row altered behind the app's back", async () => {
    const count = await db().auditLog.count({ where: { workspaceId: ws.workspace.id } });
    expect(await chainBadge(ws.workspace.id)).toMatchObject({ state: "verified", entries: count, text: `Chain verified (${count} entries)` });
    // An appended entry moves the head: the next view verifies again.
    await recordAudit({ actor: { type: "system", label: "badge test" }, workspaceId: ws.workspace.id }, "retention.ran");
    expect(await chainBadge(ws.workspace.id)).toMatchObject({ state: "verified", entries: count + 1 });
    const target = await db().auditLog.findFirstOrThrow({ where: { workspaceId: ws.workspace.id, action: "member.role_changed" }, orderBy: { seq: "asc" }, skip: 2 });
    // The app cannot: the table is append-only.
    await expect(db().$executeRaw`UPDATE audit_logs SET ip = '10.0.0.1' WHERE id = ${target.id}`).rejects.toThrow(/append-only/);
    await db().$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`);
      await tx.$executeRaw`UPDATE audit_logs SET changes = '{"after":{"role":"owner"}}'::jsonb WHERE id = ${target.id}`;
    });
    // Within a minute and with the head unmoved, the verdict is reused (decision 007 addendum)…
    expect(await chainBadge(ws.workspace.id)).toMatchObject({ state: "verified" });
    // …and the next verification finds the altered row.
    const badge = await chainBadge(ws.workspace.id, { now: Date.now() + BADGE_MAX_AGE_MS });
    expect(badge).toMatchObject({ state: "broken", seq: String(target.seq), reason: "hash_mismatch", text: `Chain broken at entry #${target.seq}` });
    // The other workspace's chain is untouched.
    expect(await chainBadge(other.workspace.id)).toMatchObject({ state: "verified" });
  });
});

describe("GET /api/v1/audit-logs: the page's query under the API's filter names", () => {
  const API_COMBOS: Record<string, string>[] = [
    {},
    { action: "member.role_changed" },
    { actor_type: "user", action: "api_key.created" },
    { target_type: "member" },
    { from: "2026-11-02T00:00:00Z", to: "2026-11-04T00:00:00.000+00:00", actor_type: "api_key" },
  ];
  it.each(API_COMBOS)("filters %o: its pages are the page's rows, in the API's shape", async (filters) => {
    const { key } = await insertKey(ws.workspace.id, { scopes: ["audit:read"] });
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const query = new URLSearchParams({ ...filters, limit: "7", ...(cursor ? { cursor } : {}) });
      const r = await call("GET /audit-logs", { key, query: query.toString() });
      expect(r.status).toBe(200);
      ids.push(...(r.json.data as { id: string }[]).map((e) => e.id));
      cursor = r.json.next_cursor as string | null;
      if (!cursor) break;
    }
    expect(ids).toEqual(await expected(apiAuditQuery(filters)));
  });

  it("shows an entry as the OpenAPI document says", async () => {
    const { key } = await insertKey(ws.workspace.id, { scopes: ["audit:read"] });
    const r = await call("GET /audit-logs", { key, query: "limit=1&action=member.role_changed" });
    const row = await db().auditLog.findFirstOrThrow({ where: { workspaceId: ws.workspace.id, action: "member.role_changed" }, orderBy: { seq: "desc" } });
    expect(r.json.data).toEqual([
      {
        id: String(row.id),
        occurred_at: row.occurredAt.toISOString(),
        actor: { type: row.actorType, id: row.actorId, label: row.actorLabel },
        action: "member.role_changed",
        target: { type: row.targetType, id: row.targetId, label: row.targetLabel },
        changes: row.changes,
        ip: row.ip,
        request_id: row.requestId,
      },
    ]);
    expect(typeof r.json.next_cursor).toBe("string");
  });
});
