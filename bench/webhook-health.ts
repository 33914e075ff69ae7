import { mkdtempSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { authorizeMember } from "../lib/authz/context";
import { db } from "../lib/db/client";
import { endpointHealth, type HealthWindow } from "../lib/webhooks/health";
import { createTestDatabase } from "../test/support/database";
import { client, createUser } from "../test/support/users";

/**
 * Delivery health (issue 20 item 4): `endpointHealth` — the function the endpoint page and
 * `GET /webhook-endpoints/{id}/health` call, in the member's scope (RLS) — for one endpoint of
 * a workspace holding --attempts attempt rows (default 2,000,000) over 7 days spread across
 * --endpoints endpoints (default 20), inserted as the worker inserts them (the trigger names
 * the endpoint). Target: p95 under 50 ms for both windows. Run it on PostgreSQL
 * (TEST_DATABASE_URL); on PGlite use fewer rows. The load average is printed: the machine may be shared.
 */
const { values } = parseArgs({ options: { attempts: { type: "string", default: "2000000" }, endpoints: { type: "string", default: "20" }, times: { type: "string", default: "50" } } });
const ATTEMPTS = Number(values.attempts);
const ENDPOINTS = Number(values.endpoints);
const TIMES = Number(values.times);
process.env.DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "sb-bench-"));
process.env.LOG_LEVEL = "silent";
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");

const database = await createTestDatabase();
try {
  const owner = await createUser("bench@health.test", { workspaceSlug: "bench-health", role: "owner" });
  const workspaceId = (await db().workspace.findUniqueOrThrow({ where: { slug: "bench-health" } })).id;
  const endpoints: string[] = [];
  for (let i = 0; i < ENDPOINTS; i++) {
    endpoints.push((await db().webhookEndpoint.create({ data: { workspaceId, mode: "live", url: `https://hooks.example.com/${i}`, events: ["call.completed"], secretEnc: "sealed" } })).id);
  }
  const started = performance.now();
  await db().$executeRaw`INSERT INTO webhook_events (id, workspace_id, mode, type, body) VALUES ('evt_bench_health', ${workspaceId}::uuid, 'live', 'call.completed', '{}')`;
  // One delivery per 10 attempts, round-robin over the endpoints.
  await db().$executeRaw`
    INSERT INTO webhook_deliveries (id, workspace_id, event_id, endpoint_id, status, created_at, updated_at)
    SELECT gen_random_uuid(), ${workspaceId}::uuid, 'evt_bench_health', (${endpoints}::uuid[])[1 + g % ${ENDPOINTS}], 'succeeded', now(), now()
    FROM generate_series(0, ${Math.ceil(ATTEMPTS / 10) - 1}) g`;
  const chunk = 500_000;
  for (let from = 0; from < ATTEMPTS; from += chunk) {
    await db().$executeRaw`
      INSERT INTO webhook_attempts (id, workspace_id, delivery_id, number, started_at, latency_ms, status_code)
      SELECT gen_random_uuid(), ${workspaceId}::uuid, d.id, 1, now() - random() * interval '7 days', (random() * 800)::int, CASE WHEN random() < 0.03 THEN 500 ELSE 200 END
      FROM (SELECT id, row_number() OVER () AS n FROM webhook_deliveries WHERE workspace_id = ${workspaceId}::uuid) d, generate_series(1, 10) k
      WHERE (d.n - 1) * 10 + k > ${from} AND (d.n - 1) * 10 + k <= ${Math.min(ATTEMPTS, from + chunk)}`;
  }
  await db().$executeRawUnsafe("ANALYZE webhook_attempts");
  const rows = await db().webhookAttempt.count({ where: { workspaceId } });
  console.log(`seeded ${rows} attempts over ${ENDPOINTS} endpoints in ${((performance.now() - started) / 1000).toFixed(1)} s; load ${load()}`);
  const member = (await authorizeMember(owner, "bench-health", client))!.inMode("live");
  const endpointId = endpoints[0]!;
  const results = [];
  for (const window of ["24h", "7d"] as HealthWindow[]) {
    for (let i = 0; i < 5; i++) await endpointHealth(member, endpointId, window);
    const samples: number[] = [];
    let attempts = 0;
    for (let i = 0; i < TIMES; i++) {
      const t0 = performance.now();
      attempts = (await endpointHealth(member, endpointId, window)).attempts;
      samples.push(performance.now() - t0);
    }
    samples.sort((a, b) => a - b);
    const at = (p: number) => +samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!.toFixed(2);
    results.push({ window, "attempts in window": attempts, "p50 ms": at(0.5), "p95 ms": at(0.95), "max ms": +samples.at(-1)!.toFixed(2) });
  }
  console.table(results);
  const worst = Math.max(...results.map((r) => r["p95 ms"]));
  console.log(`worst p95 ${worst} ms (target < 50 ms) — ${worst < 50 ? "PASS" : "MISS"}; load ${load()}`);
} finally {
  await database.close();
}
