import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { generateKey, hashKey, parseKey } from "../../lib/api-keys/format";
import { loadGeneratedSecrets } from "../../lib/config/generated-secrets";
import { FAULTS, type Cluster, type Fault } from "./faults";
import { runMixedLoad, type KindResult } from "./load";
import { Member } from "./processes";
import { describe, startMonitor } from "./monitor";
import { startBalancer, type Upstream } from "./proxy";
import { reconcile, verdict } from "./reconcile";
import { Receiver } from "./receiver";
import { ThrowawayPostgres, ThrowawayRedis } from "./services";
import { checkAcrossInstances } from "./checks";

/**
 * `npm run bench:cluster` (issue 22): two app instances and two workers on a PostgreSQL and a
 * Redis of the harness's own, behind a round-robin balancer; cross-instance checks; then the
 * mixed load, once steady and once per fault, each run a table and a reconciliation.
 *   --short            15 s of load at 40 connections, one fault (app-sigterm): CI's version —
 *                      at 200 a 2-core machine is saturated and the slowest kinds (test
 *                      calls, exports) answer in more than 15 s, so such a run proves nothing
 *   --seconds N        load per run (default 60)
 *   --connections N    (default 200; 40 with --short)
 *   --faults a,b|none  (default: redis,postgres,receiver,worker-kill,app-sigterm)
 * Exits 1 when anything that must hold did not.
 */
const { values } = parseArgs({
  options: {
    short: { type: "boolean", default: false },
    seconds: { type: "string" },
    connections: { type: "string" },
    faults: { type: "string" },
    "base-port": { type: "string", default: "3540" },
  },
});
const SECONDS = Number(values.seconds ?? (values.short ? 15 : 60));
const CONNECTIONS = Number(values.connections ?? (values.short ? 40 : 200));
const faultNames = (values.faults ?? (values.short ? "app-sigterm" : Object.keys(FAULTS).join(","))).split(",").filter((f) => f && f !== "none");
for (const f of faultNames) if (!FAULTS[f]) throw new Error(`unknown fault ${f}; known: ${Object.keys(FAULTS).join(", ")}`);
const BASE = Number(values["base-port"]);
const PORTS = { balancer: BASE, apps: [BASE + 1, BASE + 2], receiver: BASE + 3, postgres: BASE + 5, redis: BASE + 6 };
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");

// The whole run is bounded: setup, each run's load and reconciliation, with room to spare.
const BOUND_MS = 6 * 60_000 + (1 + faultNames.length) * (SECONDS * 1000 + 240_000);
const bound = setTimeout(() => {
  console.error(`bench:cluster: over its time bound (${Math.round(BOUND_MS / 1000)} s); stopping`);
  void cleanup().finally(() => process.exit(1));
}, BOUND_MS);

const pg = new ThrowawayPostgres(PORTS.postgres);
const redis = new ThrowawayRedis(PORTS.redis);
const receiver = new Receiver(PORTS.receiver);
const members: Member[] = [];
let balancer: ReturnType<typeof startBalancer> | undefined;

async function cleanup() {
  for (const m of members) if (m.running) m.child.kill("SIGKILL");
  await balancer?.close().catch(() => {});
  await receiver.down();
  await redis.kill();
  await pg.destroy();
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void cleanup().finally(() => process.exit(130)));

console.log(`bench:cluster — ${SECONDS} s of load per run, ${CONNECTIONS} connections, faults: ${faultNames.join(", ") || "none"}; load average at start: ${load()}`);
await pg.destroy();
await pg.start();
await redis.kill();
await redis.start();
const database = `sb_cluster_${randomBytes(4).toString("hex")}`;
await pg.query("postgres", `CREATE DATABASE ${database}`);

const password = `cluster-${randomBytes(9).toString("base64url")}`;
const liveKey = generateKey("live", "sk");
const testKey = generateKey("test", "sk");
const appUrl = `http://127.0.0.1:${PORTS.balancer}`;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  ...(loadGeneratedSecrets(mkdtempSync(path.join(tmpdir(), "sb-cluster-secrets-")), {}, { generateMissing: true, problems: [] }) as Record<string, string>),
  NODE_ENV: "production",
  // The cluster is a demo deployment: its seed and DEMO_* keys are the harness's fixtures (decision 031).
  ALLOW_DEMO_IN_PRODUCTION: "true",
  DATABASE_URL: pg.urlOf(database),
  DATABASE_POOL_SIZE: "20",
  REDIS_URL: redis.url,
  APP_URL: appUrl,
  TRUST_PROXY_HOPS: "1",
  DEMO_PASSWORD: password,
  DEMO_LIVE_KEY: liveKey,
  DEMO_TEST_KEY: testKey,
  WORKER_ENABLED: "false",
  // The balancer only polls readiness (every 0.5 s; under this load an answer takes seconds):
  // a stopping instance keeps accepting this long after its readiness turns 503, so no
  // connection is left in the listen backlog when the listener closes (which resets it).
  // The grace then covers the slowest request (a test call, ~15 s here) — 30 s, as
  // Kubernetes' default termination grace period.
  SHUTDOWN_DELAY_MS: "10000",
  SHUTDOWN_GRACE_MS: "30000",
  OUTBOUND_ALLOW_LOOPBACK: "true",
  HIBP_API_URL: "off",
  LOG_LEVEL: "warn",
  NEXT_TELEMETRY_DISABLED: "1",
  // The load is legitimate traffic from one address (the balancer's): the per-IP and per-key
  // limits are raised so it is not throttled; that limits are shared is checked on its own.
  RATE_LIMIT_API_REQUESTS: "1000000",
  RATE_LIMIT_AUTH_REQUESTS: "1000000",
  RATE_LIMIT_SIGN_IN_REQUESTS: "1000000",
  RATE_LIMIT_KEY_REQUESTS: "10000000",
};
delete env.TEST_DATABASE_URL;

try {
  const setupStarted = Date.now();
  const apps = PORTS.apps.map((port, i) => new Member(`app${i + 1}`, "scripts/start.ts", { ...env, SEED_DEMO: i === 0 ? "true" : "false" }, port));
  members.push(...apps);
  // The first migrates and seeds; then the second and the workers.
  await apps[0]!.start().ready();
  const workers = [0, 1].map((i) => new Member(`worker${i + 1}`, "scripts/worker.ts", env));
  members.push(...workers);
  apps[1]!.start();
  for (const w of workers) w.start();
  await Promise.all([apps[1]!.ready(), ...workers.map((w) => w.ready())]);
  const upstreams: Upstream[] = apps.map((a) => ({ name: a.name, port: a.port!, ready: true, answered: 0 }));
  balancer = startBalancer(PORTS.balancer, upstreams, { maxSockets: Math.max(128, CONNECTIONS) });
  await receiver.up();
  console.log(`cluster up in ${Math.round((Date.now() - setupStarted) / 1000)} s: ${apps.map((a) => a.url).join(", ")} behind ${appUrl}; 2 workers; PostgreSQL :${PORTS.postgres}, Redis :${PORTS.redis}`);

  // More keys for the reads: copies of the demo live key's settings under new secrets.
  const readKeys = [liveKey, testKey];
  for (let i = 0; i < 2; i++) {
    const key = generateKey("live", "sk");
    const parsed = parseKey(key)!;
    await pg.query(
      database,
      `INSERT INTO api_keys (id, workspace_id, name, type, mode, key_hash, prefix, last4, scopes, created_by_id)
       SELECT gen_random_uuid(), workspace_id, $1, type, mode, $2, $3, $4, scopes, created_by_id FROM api_keys WHERE key_hash = $5`,
      [`cluster load ${i + 1}`, hashKey(key), parsed.prefix, parsed.last4, hashKey(liveKey)],
    );
    readKeys.push(key);
  }
  const endpoint = await fetch(`${appUrl}/api/v1/webhook-endpoints`, {
    method: "POST",
    headers: { "x-api-key": testKey, "content-type": "application/json" },
    body: JSON.stringify({ url: receiver.url, events: ["call.completed"] }),
  });
  if (endpoint.status !== 201) throw new Error(`webhook endpoint: ${endpoint.status} ${await endpoint.text()}`);

  // Warm-up: each instance loads every route the load uses once, so first-request compilation is not in the figures.
  await warmUp(apps, testKey);
  const checks = await checkAcrossInstances({ apps, appUrl, password, pg, database });
  console.table(checks.rows);
  let failed = !checks.ok;

  const cluster: Cluster = {
    pg,
    database,
    redis,
    receiver,
    apps,
    workers,
    replaceWorker: (index) => {
      const fresh = new Member(`worker${index + 1}`, "scripts/worker.ts", env).start();
      members.push(fresh);
      workers[index] = fresh;
      return fresh;
    },
  };
  const steady: Fault = { name: "steady (no fault)", holds: "zero 5xx, no unexpected 4xx", during: async () => "" };
  const summary: Record<string, string>[] = [];
  for (const [label, fault] of [["steady", steady], ...faultNames.map((f) => [f, FAULTS[f]!] as const)] as const) {
    const accepted = new Set<string>();
    const stop = new AbortController();
    const balancerBefore = { ...balancer.stats, failures: { ...balancer.stats.failures } };
    const goneBefore = balancer.stats.clientsGone;
    const b = balancer;
    const stopMonitor = startMonitor(label, {
      everyMs: 5_000,
      snapshot: () => b.snapshot(),
      clientsGone: () => b.stats.clientsGone,
      apps: apps.map((a) => ({ name: a.name, port: a.port! })),
      probe: { path: "/api/v1/phone-numbers", headers: { "x-api-key": liveKey } },
      timeoutMs: 10_000,
    });
    const faultNote = fault.during(cluster, SECONDS, stop.signal);
    const results = await runMixedLoad({ url: appUrl, ownerCookie: checks.ownerCookie, readKeys, testKey, signIn: { email: "viewer@demo.test", password } }, { seconds: SECONDS, connections: CONNECTIONS, accepted });
    stopMonitor();
    const atLoadEnd = describe(balancer.snapshot());
    stop.abort();
    const note = await faultNote;
    await fault.after?.(cluster);
    const rec = await reconcile(pg, database, receiver, accepted, { deadlineMs: fault.reconcileDeadlineMs ?? 90_000, tick: fault.tick ? () => fault.tick!(cluster) : undefined });
    const problems = judge(fault, results, rec);
    const retried = balancer.stats.retried - balancerBefore.retried;
    console.log(`\n== ${fault.name} — must hold: ${fault.holds}${note ? `\n   ${note}` : ""}`);
    console.table(results.map(row));
    const total = results.reduce((n, r) => n + r.rps, 0);
    const failures = Object.entries(balancer.stats.failures).map(([what, n]) => [what, n - (balancerBefore.failures[what] ?? 0)] as const).filter(([, n]) => n > 0);
    console.log(`   total ${total} req/s; balancer re-sent ${retried} requests that never reached a closed instance${failures.length ? `; upstream failures: ${failures.map(([w, n]) => `${w}×${n}`).join(", ")}` : ""}; load average ${load()}`);
    console.log(`   balancer when the load ended: ${atLoadEnd}; after the reconciliation: ${describe(balancer.snapshot())}; clients that went before their answer: ${balancer.stats.clientsGone - goneBefore}`);
    console.log(`   reconciliation: ${rec.accepted} test calls accepted → ${verdict(rec)} (${rec.redelivered} redelivered at least once, as a new attempt; ${rec.seconds} s to settle)`);
    console.log(`   ${problems.length === 0 ? "PASS" : `FAIL: ${problems.join("; ")}`}`);
    summary.push({ run: fault.name, "req/s": String(total), "5xx": String(count5xx(results, fault.allowed5xx)), "503 (allowed)": fault.allowed5xx ? String(count5xx(results) - count5xx(results, fault.allowed5xx)) : "-", result: verdict(rec), verdict: problems.length === 0 ? "PASS" : "FAIL" });
    if (problems.length > 0) failed = true;
  }
  console.log("\nsummary");
  console.table(summary);
  console.log(`load average at end: ${load()} (2 cores; the cluster, the load generator and the balancer share them)`);
  clearTimeout(bound);
  await cleanup();
  process.exit(failed ? 1 : 0);
} catch (error) {
  console.error(error);
  for (const m of members) console.error(`  ${m.name}: ${m.log}`);
  await cleanup();
  process.exit(1);
}

async function warmUp(apps: Member[], key: string) {
  for (const app of apps) {
    for (const [method, pathname] of [["GET", "/api/v1/phone-numbers"], ["GET", "/api/v1/calls?limit=20"], ["POST", "/api/v1/test-calls"], ["GET", "/demo"], ["GET", "/demo/calls"], ["GET", "/demo/calls/export"], ["GET", "/api/auth/csrf"], ["GET", "/sign-in"]] as const) {
      await fetch(`${app.url}${pathname}`, { method, headers: { "x-api-key": key, "content-type": "application/json" }, body: method === "POST" ? "{}" : undefined, redirect: "manual" })
        .then((r) => r.arrayBuffer())
        .catch(() => {});
    }
  }
}

function count5xx(results: KindResult[], except: number[] = []): number {
  return results.reduce((n, r) => n + Object.entries(r.codes).filter(([c]) => Number(c) >= 500 && !except.includes(Number(c))).reduce((m, [, v]) => m + v, 0), 0);
}

function row(r: KindResult) {
  return {
    kind: r.kind,
    conns: r.connections,
    requests: r.requests,
    "req/s": r.rps,
    "p50 ms": r.p50,
    "p99 ms": r.p99,
    codes: Object.entries(r.codes).map(([c, n]) => `${c}×${n}`).join(" "),
    "client errors": r.errors,
  };
}

function judge(fault: Fault, results: KindResult[], rec: Awaited<ReturnType<typeof reconcile>>): string[] {
  const problems: string[] = [];
  const fivexx = count5xx(results, fault.allowed5xx);
  if (fivexx > 0) problems.push(`${fivexx} 5xx answers`);
  const unexpected4xx = results.reduce((n, r) => n + Object.entries(r.unexpected).filter(([c]) => Number(c) < 500).reduce((m, [, v]) => m + v, 0), 0);
  if (unexpected4xx > 0) problems.push(`${unexpected4xx} unexpected non-2xx below 500`);
  const errors = results.reduce((n, r) => n + r.errors, 0);
  if (errors > 0) problems.push(`${errors} connection errors/resets/timeouts seen by clients`);
  if (rec.accepted === 0) problems.push("no test call was accepted: the reconciliation proves nothing");
  if (rec.withoutEvent + rec.notReceived + rec.withSeveralEvents + rec.twiceInOneAttempt > 0) problems.push(`reconciliation: ${verdict(rec)}`);
  return problems;
}
