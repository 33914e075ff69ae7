import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { encodeCallCursor } from "../lib/calls/cursor";
import { config } from "../lib/config";
import { db } from "../lib/db/client";
import { createCallGenerator } from "../lib/calls/simulation/call-generator";
import { seedCalls } from "../lib/seed/bulk-calls";
import { call, insertKey } from "../test/support/api";
import { createTestDatabase } from "../test/support/database";
import { measureExport } from "./lib/export-rss";
import { itemAt } from "./lib/item-at";
import { summarise } from "./lib/stats";

/**
 * Call logs at scale (issue 6): 1,000,000 calls in one workspace and 100,000 in another.
 * Measures GET /api/v1/calls server time (the route handler in-process: key check, zod,
 * the scoped keyset query, JSON) for the first page and a deep keyset page, a number
 * search, and the streamed CSV export of every row (rows/s and peak RSS).
 * Targets: pages p95 < 50 ms, search p95 < 20 ms, export ≥ 50,000 rows/s with RSS < 256 MB.
 * Use TEST_DATABASE_URL for PostgreSQL (PGlite works with smaller --calls).
 */
const { values } = parseArgs({ options: { calls: { type: "string", default: "1000000" }, other: { type: "string", default: "100000" }, runs: { type: "string", default: "200" } } });
const CALLS = Number(values.calls);
const OTHER = Number(values.other);
const RUNS = Number(values.runs);
process.env.DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "sb-bench-"));
process.env.LOG_LEVEL = "silent";
process.env.RATE_LIMIT_KEY_REQUESTS = "1000000";
process.env.RATE_LIMIT_API_REQUESTS = "1000000";
const database = await createTestDatabase();
const where = database.kind === "postgresql" ? "PostgreSQL" : "PGlite (in memory)";

async function timed(label: string, runs: number, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 20; i++) await fn(i); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    samples.push(performance.now() - t0);
  }
  return [label, summarise(samples)] as const;
}

try {
  const big = await db().workspace.create({ data: { slug: "big-calls", name: "Big" } });
  const small = await db().workspace.create({ data: { slug: "other-calls", name: "Other" } });
  for (const w of [big, small]) await db().phoneNumber.create({ data: { workspaceId: w.id, number: "+442079460123", mode: "live" } });
  console.log(`Seeding ${CALLS.toLocaleString("en")} + ${OTHER.toLocaleString("en")} calls on ${where}…`);
  const seeded = await seedCalls({ workspaceId: big.id, count: CALLS, seed: 1 });
  await seedCalls({ workspaceId: small.id, count: OTHER, seed: 2 });
  console.log(`seed: ${seeded.rowsPerSecond.toLocaleString("en")} rows/s`);
  await db().$executeRawUnsafe("ANALYZE calls");

  const { key } = await insertKey(big.id, { mode: "live", scopes: ["calls:read"] });
  const list = (query: string) =>
    call("GET /calls", { key, query }).then((r) => {
      if (r.status !== 200) throw new Error(`GET /calls?${query} → ${r.status} ${r.text}`);
      return r;
    });
  // A cursor 90 % of the way down the newest-first list.
  const [deep] = await db().$queryRaw<{ id: string; started_at: Date }[]>`
    SELECT id, started_at FROM calls WHERE workspace_id = ${big.id}::uuid AND mode = 'live'
    ORDER BY started_at DESC, id DESC OFFSET ${Math.floor(CALLS * 0.9)} LIMIT 1`;
  if (!deep) throw new Error(`bench: no call 90 % of the way down ${CALLS} seeded calls`);
  const deepCursor = encodeCallCursor({ s: "-started_at", v: deep.started_at.toISOString(), id: deep.id });
  // Callers to search: the heavy repeat callers and a spread of the long tail.
  const callers = createCallGenerator({ count: CALLS, seed: 1 }).callers;
  const searchFor = (i: number) => itemAt(callers, i % 2 ? Math.floor((i * 7919) % callers.length) : i % 3, "generated caller").e164;

  const results = [
    await timed("first page (limit 50)", RUNS, () => list("limit=50")),
    await timed("deep keyset page (90 %, limit 50)", RUNS, () => list(`limit=50&cursor=${deepCursor}`)),
    await timed("first page, status=failed, sort=-duration", RUNS, () => list("limit=50&status=failed&sort=-duration_seconds")),
    await timed("number search (caller=…, limit 50)", RUNS, (i) => list(`limit=50&caller=${encodeURIComponent(searchFor(i))}`)),
  ] as const;
  console.log(`\nGET /api/v1/calls server time on ${where}: ${CALLS.toLocaleString("en")} calls (+ ${OTHER.toLocaleString("en")} in another workspace)`);
  console.table(Object.fromEntries(results));
  const target = (label: string, p95: number, ms: number) => console.log(`${label}: p95 ${p95} ms (target < ${ms} ms) — ${p95 < ms ? "PASS" : "MISS"}`);
  target("first page", results[0][1].p95Ms, 50);
  target("deep page", results[1][1].p95Ms, 50);
  target("number search", results[3][1].p95Ms, 20);

  // The export: every row of the big workspace, streamed and counted. On PostgreSQL it runs
  // in a fresh process so the peak RSS is the export's own, not this seeder's.
  const result = database.url
    ? (JSON.parse(
        execFileSync(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), "--import", "./scripts/lib/server-only-hook.mjs", "bench/calls-export.ts", key], {
          env: { ...process.env, ...config().secrets, DATABASE_URL: database.url, TEST_DATABASE_URL: "", NODE_OPTIONS: process.env.BENCH_EXPORT_NODE_OPTIONS ?? "" },
          encoding: "utf8",
        }).trim().split("\n").pop()!,
      ) as Awaited<ReturnType<typeof measureExport>>)
    : await measureExport(key);
  const { rows, bytes, seconds } = result;
  const rate = Math.round(rows / seconds);
  const mb = (n: number) => Math.round(n / 1024 / 1024);
  console.log(`\nCSV export: ${rows.toLocaleString("en")} rows (${mb(bytes)} MB) in ${seconds.toFixed(1)} s = ${rate.toLocaleString("en")} rows/s; RSS ${mb(result.baselineRss)} MB at start, peak ${mb(result.peakRss)} MB during the export, process max ${mb(result.processMaxRss)} MB (heap used ≤ ${mb(result.peakHeapUsed)} MB, external ≤ ${mb(result.peakExternal)} MB)${database.url ? " (own process)" : " (in the seeding process)"}`);
  console.log(`export rate: ${rate >= 50_000 ? "PASS" : "MISS"} (target ≥ 50,000 rows/s); peak RSS: ${mb(result.peakRss) < 256 ? "PASS" : "MISS"} (target < 256 MB)`);
  if (rows !== CALLS) throw new Error(`export had ${rows} rows, expected ${CALLS}`);
} finally {
  await database.close();
}
