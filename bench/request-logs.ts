import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { generateKey } from "../lib/api-keys/format";
import { db } from "../lib/db/client";
import { inWorkspace, type TenantTx } from "../lib/db/scoped";
import { ensurePartitions } from "../lib/request-logs/partitions";
import { listRequestLogs } from "../lib/request-logs/query";
import type { RequestLogFilters } from "../lib/request-logs/schemas";
import { buildIfStale } from "../scripts/lib/build-if-stale";
import { createTestDatabase } from "../test/support/database";
import { createUser } from "../test/support/users";
import { startAppServer } from "./lib/app-server";
import { measure, printTable, type LoadResult } from "./lib/load";

/**
 * Request logs (issue 19), two figures:
 *   1. What recording costs the API: `GET /api/v1/phone-numbers` with a valid key, the app
 *      started with REQUEST_LOGS=false and =true, alternated (off, on, off, on) so drift in
 *      the machine's load falls on both. Target: logging costs at most 5 % of throughput.
 *   2. `GET /api/v1/request-logs`' query with --rows rows (default 10,000,000) in one
 *      workspace, through the same function the route calls, in the workspace's scope (RLS):
 *      the first page, a page filtered by key, one by request id, one by status class.
 *      Target: p95 under 50 ms. Run it on PostgreSQL (TEST_DATABASE_URL); on PGlite use
 *      fewer rows (--rows 1000000).
 * `--skip-http` / `--skip-query` run one half. The load average is printed: the machine may be shared.
 */
const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "10000000" },
    seconds: { type: "string", default: process.env.BENCH_SECONDS ?? "10" },
    "skip-http": { type: "boolean", default: false },
    "skip-query": { type: "boolean", default: false },
  },
});
const ROWS = Number(values.rows);
const SECONDS = Number(values.seconds);
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
process.env.DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "sb-bench-"));
process.env.LOG_LEVEL = "silent";

async function loggingCost(): Promise<void> {
  buildIfStale();
  const key = generateKey("live", "sk");
  const runs: LoadResult[] = [];
  for (const [round, logs] of [[1, "false"], [1, "true"], [2, "false"], [2, "true"]] as const) {
    const server = await startAppServer(3293, { DEMO_LIVE_KEY: key, SEED_DEMO: "true", REQUEST_LOGS: logs });
    try {
      // The demo seed (and its key) may land a moment after the server answers its health check.
      for (let i = 0; i < 120 && (await fetch(`${server.url}/api/v1/phone-numbers`, { headers: { "x-api-key": key } })).status !== 200; i++) await new Promise((r) => setTimeout(r, 500));
      runs.push(await measure(`logging ${logs === "true" ? "on " : "off"} (round ${round})`, `${server.url}/api/v1/phone-numbers`, { seconds: SECONDS, headers: { "x-api-key": key } }));
    } finally {
      await server.stop();
    }
  }
  printTable(runs);
  const mean = (on: boolean) => runs.filter((r) => r.label.includes(on ? "on " : "off")).reduce((s, r) => s + r.requestsPerSecond, 0) / 2;
  const cost = 1 - mean(true) / mean(false);
  console.log(`request logging costs ${(cost * 100).toFixed(1)} % of throughput (target ≤ 5 %) — ${cost <= 0.05 ? "PASS" : "MISS"}; load ${load()}`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timed(label: string, times: number, run: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 5; i++) await run(i);
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await run(i);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { query: label, "p50 ms": +percentile(samples, 50).toFixed(2), "p95 ms": +percentile(samples, 95).toFixed(2), "max ms": +samples.at(-1)!.toFixed(2) };
}

async function queryCost(): Promise<void> {
  const database = await createTestDatabase();
  try {
    await createUser("bench@logs.test", { workspaceSlug: "bench-logs" });
    const workspaceId = (await db().workspace.findUniqueOrThrow({ where: { slug: "bench-logs" } })).id;
    const keys = Array.from({ length: 10 }, () => randomUUID());
    const now = new Date();
    // Rows every 3 s back from now: 10,000,000 span about a year, so about 13 monthly partitions.
    const spacingSeconds = 3;
    const oldest = new Date(now.getTime() - ROWS * spacingSeconds * 1000);
    for (let m = new Date(oldest); m <= now; m = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1))) await ensurePartitions(m);
    const started = performance.now();
    const chunk = 500_000;
    for (let from = 0; from < ROWS; from += chunk) {
      const to = Math.min(ROWS, from + chunk) - 1;
      await db().$executeRawUnsafe(
        `INSERT INTO request_logs (workspace_id, occurred_at, request_id, method, route, path, status, error_code, duration_ms, key_id, key_display, mode, permission, ip, user_agent, response_bytes)
         SELECT $1::uuid, $2::timestamptz - g * interval '${spacingSeconds} seconds', 'req_' || substr(md5(g::text), 1, 20),
                CASE WHEN g % 4 = 0 THEN 'POST' ELSE 'GET' END, '/calls', '/api/v1/calls',
                CASE WHEN g % 20 = 0 THEN 404 WHEN g % 997 = 0 THEN 500 ELSE 200 END,
                CASE WHEN g % 20 = 0 THEN 'NOT_FOUND' WHEN g % 997 = 0 THEN 'INTERNAL' END,
                4.2, ($3::uuid[])[1 + g % 10], 'sb_live_sk_…abcd', 'live', 'calls:read', '198.51.100.' || (g % 250), 'bench/1.0', 512
         FROM generate_series($4::int, $5::int) AS g`,
        workspaceId,
        now,
        keys,
        from,
        to,
      );
      process.stdout.write(`\rinserted ${(to + 1).toLocaleString("en")} rows`);
    }
    await db().$executeRawUnsafe("ANALYZE request_logs");
    console.log(`\n${ROWS.toLocaleString("en")} rows in ${((performance.now() - started) / 1000).toFixed(0)} s (${database.url ? "PostgreSQL" : "PGlite"}); load ${load()}`);
    const scoped = <T>(fn: (tx: TenantTx) => Promise<T>) => inWorkspace(workspaceId, fn);
    const page = (filters: RequestLogFilters) => listRequestLogs(scoped, workspaceId, filters, { limit: 20 });
    const knownIds = Array.from({ length: 50 }, (_, i) => `req_${md5Prefix(i * 7919 + 13)}`);
    const results = [
      await timed("first page", 200, () => page({})),
      await timed("filtered by key", 200, (i) => page({ key_id: keys[i % keys.length] })),
      await timed("by request id", 200, (i) => page({ request_id: knownIds[i % knownIds.length] })),
      await timed("status 5xx (0.1 % of rows)", 100, () => page({ status: "5xx" })),
      await timed("by key, last 7 days", 200, (i) => page({ key_id: keys[i % keys.length], from: new Date(now.getTime() - 7 * 86_400_000).toISOString() })),
    ];
    console.table(results);
    const worst = Math.max(...results.slice(0, 3).map((r) => r["p95 ms"]));
    console.log(`first page, by key and by request id: worst p95 ${worst} ms (target < 50 ms) — ${worst < 50 ? "PASS" : "MISS"}; load ${load()}`);
  } finally {
    await database.close();
  }
}

/** The request id the generator gave row `g` ('req_' || first 20 hex of md5(g)). */
function md5Prefix(g: number): string {
  return createHash("md5").update(String(g)).digest("hex").slice(0, 20);
}

console.log(`load average at start: ${load()}`);
if (!values["skip-query"]) await queryCost();
if (!values["skip-http"]) await loggingCost();
