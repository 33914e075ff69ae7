import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { SECURITY_EVENT_TYPES } from "../lib/audit/security-events";
import { db } from "../lib/db/client";
import { listWorkspaces } from "../lib/operator/workspaces";
import { listSecurityEvents } from "../lib/security-page/events";
import { createTestDatabase } from "../test/support/database";
import { summarise, timeRuns } from "./lib/stats";

/**
 * The operator console's lists at platform scale: 1,000,000 security events spread over
 * 5,000 workspaces (and the platform's own), and those 5,000 workspaces with members and
 * keys. Measures the console's queries as its pages call them (platform connection): the
 * newest page of events across every workspace, a deep keyset page, one type, and the
 * workspace list (newest page, a search, a status filter). p50/p95 over `runs`; target
 * < 100 ms server time for each. Use TEST_DATABASE_URL for PostgreSQL.
 */
const { values } = parseArgs({
  options: { events: { type: "string", default: "1000000" }, workspaces: { type: "string", default: "5000" }, runs: { type: "string", default: "100" }, "without-index": { type: "boolean", default: false } },
});
const EVENTS = Number(values.events);
const WORKSPACES = Number(values.workspaces);
const RUNS = Number(values.runs);
process.env.DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "sb-bench-"));
process.env.LOG_LEVEL = "silent";
const database = await createTestDatabase();
const NOW = Date.parse("2026-12-01T00:00:00Z");
const DAY = 86_400_000;

console.log(`Seeding ${WORKSPACES.toLocaleString("en")} workspaces and ${EVENTS.toLocaleString("en")} security events on ${database.kind}…`);
const started = performance.now();
await db().$executeRaw`
  INSERT INTO workspaces (id, slug, name, created_at, updated_at, suspended_at, suspended_reason)
  SELECT gen_random_uuid(), 'tenant-' || i, 'Tenant ' || i, now() - (i || ' minutes')::interval, now(),
         CASE WHEN i % 97 = 0 THEN now() END, CASE WHEN i % 97 = 0 THEN 'bench' END
  FROM generate_series(1, ${WORKSPACES}::int) AS i`;
await db().$executeRaw`
  INSERT INTO users (id, email, name, password_hash, updated_at)
  SELECT gen_random_uuid(), 'member' || i || '@bench.test', 'Member ' || i, 'x', now() FROM generate_series(1, ${WORKSPACES * 3}::int) AS i`;
await db().$executeRaw`
  INSERT INTO memberships (id, workspace_id, user_id, role, updated_at)
  SELECT gen_random_uuid(), w.id, u.id, 'admin', now()
  FROM (SELECT id, row_number() OVER (ORDER BY slug) AS n FROM workspaces) w
  JOIN (SELECT id, row_number() OVER (ORDER BY email) AS n FROM users) u ON (u.n - 1) / 3 + 1 = w.n`;
const types = [...SECURITY_EVENT_TYPES];
for (let start = 0; start < EVENTS; start += 100_000) {
  const count = Math.min(100_000, EVENTS - start);
  await db().$executeRaw`
    WITH w AS (SELECT array_agg(id ORDER BY slug) AS ids FROM workspaces)
    INSERT INTO security_events (workspace_id, type, occurred_at, ip, details)
    SELECT CASE WHEN g % 10 = 0 THEN NULL ELSE w.ids[1 + g % ${WORKSPACES}::int] END,
           (${types}::text[])[1 + g % ${types.length}::int],
           to_timestamp((${NOW}::bigint - ${90 * DAY}::bigint + (g::bigint * ${90 * DAY}::bigint) / ${EVENTS}::bigint) / 1000.0),
           '198.51.100.' || (g % 250), '{"bench": true}'::jsonb
    FROM w, generate_series(${start}::int, ${start + count - 1}::int) AS g`;
  process.stdout.write(`  … ${(start + count).toLocaleString("en")}\n`);
}
// --without-index: what the newest-first list costs without its (occurred_at, id) index.
if (values["without-index"]) await db().$executeRawUnsafe("DROP INDEX security_events_occurred_at_id_idx");
await db().$executeRawUnsafe("ANALYZE");
console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const platform = <T>(fn: (tx: ReturnType<typeof db>) => Promise<T>) => fn(db());
async function measure(label: string, run: () => Promise<unknown>) {
  return { query: label, ...summarise(await timeRuns(run, RUNS, 5)) };
}

const first = await listSecurityEvents(platform, null, {}, { limit: 50 });
let deep = first.nextCursor!;
for (let i = 0; i < 200; i++) deep = (await listSecurityEvents(platform, null, {}, { limit: 50, cursor: deep })).nextCursor!;
const rows = [
  await measure("events: newest page, every workspace", () => listSecurityEvents(platform, null, {}, { limit: 50 })),
  await measure("events: page 200 (keyset)", () => listSecurityEvents(platform, null, {}, { limit: 50, cursor: deep })),
  await measure("events: one type", () => listSecurityEvents(platform, null, { type: "rate_limited" }, { limit: 50 })),
  await measure("events: one day", () => listSecurityEvents(platform, null, { from: new Date(NOW - 10 * DAY), to: new Date(NOW - 9 * DAY) }, { limit: 50 })),
  await measure("workspaces: newest page", () => listWorkspaces({})),
  await measure("workspaces: search 'tenant-42'", () => listWorkspaces({ q: "tenant-42" })),
  await measure("workspaces: suspended", () => listWorkspaces({ status: "suspended" })),
];
console.table(rows);
const worst = Math.max(...rows.map((r) => r.p95Ms));
console.log(`operator console queries: worst p95 ${worst.toFixed(2)} ms (target < 100 ms) — ${worst < 100 ? "PASS" : "MISS"}`);
await database.close();
