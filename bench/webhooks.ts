import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { config } from "../lib/config";
import { db } from "../lib/db/client";
import { inWorkspace } from "../lib/db/scoped";
import { encryptField } from "../lib/crypto/envelope";
import { emitEvent } from "../lib/webhooks/outbox";
import { generateWebhookSecret } from "../lib/webhooks/secret";
import { MAX_RATE_LIMIT_PER_SECOND } from "../lib/webhooks/rate-limit-bounds";
import { BATCH, runOnce } from "../lib/webhooks/worker";
import { createTestDatabase } from "../test/support/database";
import { createUser } from "../test/support/users";

/**
 * Webhook delivery throughput (the webhook issue's benchmark): --events events (default
 * 10,000) for one endpoint on a loopback receiver, delivered by one worker and then by two.
 * On PostgreSQL (TEST_DATABASE_URL) the workers are real `npm run worker` processes
 * (scripts/worker.ts: the job runner, FOR UPDATE SKIP LOCKED claims); on PGlite, which one
 * process owns, they are runOnce loops in this process. Every event must arrive exactly once.
 *
 * --mode prefilled (default, the headline figures): the workers start and deliver one warm-up
 * event each, then the workspace is suspended (claims skip it), the outbox is filled with every
 * event, and the suspension is lifted: the drain is timed from the first arrival to the last,
 * so only the workers' delivering is measured (the wake-up — up to the 1 s idle poll — is
 * printed beside it). Lag is from the release to each arrival.
 * --mode burst: the events are emitted in transactions of 100 while the workers run; lag is
 * emit to arrival. That measures the emitter as much as the workers.
 */
const { values } = parseArgs({
  options: { events: { type: "string", default: "10000" }, mode: { type: "string", default: "prefilled" }, workers: { type: "string", default: "1,2" }, "cpu-prof": { type: "string" }, "receiver-ms": { type: "string", default: "50" }, rounds: { type: "string", default: "3" } },
});
if (values.mode !== "prefilled" && values.mode !== "burst") throw new Error("--mode is prefilled or burst");
const MODE = values.mode;
const EVENTS = Number(values.events);
const WORKER_COUNTS = values.workers.split(",").map(Number);
// --receiver-ms N: the receiver answers N ms after a delivery arrives, as a real endpoint does
// (its own work, the network: an endpoint across the internet is tens of milliseconds away).
// The default, 50, is what the targets are read against: the workers wait on the receiver, as
// in production, and a second worker adds deliveries in flight. --receiver-ms 0 answers at
// once: then the workers, PostgreSQL and the receiver share this machine's cores and the
// figure is the CPU ceiling of one box, not the workers' scaling (README, Performance).
const RECEIVER_MS = Number(values["receiver-ms"]);
// --rounds N: the worker counts alternate N times (1, 2, 1, 2, …) and the medians are compared,
// so a moment of load on a shared machine moves one round, not the verdict.
const ROUNDS = Number(values.rounds);
process.env.DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "sb-bench-"));
process.env.LOG_LEVEL = "silent";
process.env.OUTBOUND_ALLOW_LOOPBACK = "true";
// --cpu-prof DIR: each worker process writes a V8 CPU profile there when it stops.
const cpuProf = values["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${values["cpu-prof"]}`] : [];
/** User + system CPU seconds a process has used so far (Linux /proc), or NaN elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}
/** PostgreSQL backends serving this database (the workers' pools and ours): CPU seconds by pid. */
async function databaseCpu(): Promise<Map<number, number>> {
  const rows = await db().$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`;
  return new Map(rows.map((r) => [r.pid, cpuSeconds(r.pid)]));
}
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");

const arrivals = new Map<string, number[]>();
/** Worker processes started by a round; stopped however the benchmark ends. */
const running = new Set<ChildProcess>();
process.on("exit", () => running.forEach((child) => child.kill("SIGKILL")));
const receiver = createServer((req, res) => {
  let body = "";
  req.on("data", (c: Buffer) => (body += c));
  req.on("end", () => {
    const id = (JSON.parse(body) as { id: string }).id;
    arrivals.set(id, [...(arrivals.get(id) ?? []), Date.now()]);
    if (RECEIVER_MS > 0) setTimeout(() => res.writeHead(200).end("ok"), RECEIVER_MS);
    else res.writeHead(200).end("ok");
  });
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

const database = await createTestDatabase();
const onPostgres = Boolean(database.url);
console.log(`load average at start: ${load()}; ${onPostgres ? "PostgreSQL, worker processes" : "PGlite, in-process workers"}; the receiver answers after ${RECEIVER_MS} ms`);

async function round(workers: number, n: number) {
  const slug = `bench-hooks-${workers}-${n}`;
  await createUser(`${slug}@hooks.test`, { workspaceSlug: slug });
  const workspaceId = (await db().workspace.findUniqueOrThrow({ where: { slug } })).id;
  // As lib/webhooks/endpoints.ts seals it: the secret bound to its workspace, column and row.
  const id = randomUUID();
  const secretEnc = await encryptField({ workspaceId, column: "webhook_secret", rowId: id }, generateWebhookSecret());
  // The endpoint's rate limit at its maximum: this measures the worker, not the limiter (which
  // is still asked at every pass). Every event is about its own call, so each carries an
  // ordering key and the claim's ordering check runs for all of them.
  await inWorkspace(workspaceId, (tx) =>
    tx.webhookEndpoint.create({ data: { id, workspaceId, mode: "test", url, events: ["call.completed"], secretEnc, rateLimitPerSecond: MAX_RATE_LIMIT_PER_SECOND } }),
  );
  arrivals.clear();
  const emitted = new Map<string, number>();
  const emit = async (from: number, to: number) =>
    inWorkspace(
      workspaceId,
      async (tx) => {
        for (let i = from; i < to; i++) {
          const { id } = await emitEvent(tx, { workspaceId, mode: "test", type: "call.completed", data: { object: { id: `bench-${i}` } } });
          emitted.set(id, Date.now());
        }
      },
      // A busy machine can take more than the default 5 s for a hundred events.
      { timeoutMs: 60_000 },
    );
  const children: ChildProcess[] = [];
  const track = (child: ChildProcess) => (running.add(child), child.once("exit", () => running.delete(child)), child);
  let stop = false;
  const loops: Promise<void>[] = [];
  if (onPostgres) {
    for (let w = 0; w < workers; w++) {
      children.push(track(
        spawn(process.execPath, [...cpuProf, "--import", "tsx", "--import", "./scripts/lib/server-only-hook.mjs", "scripts/worker.ts"], {
          env: { ...process.env, ...config().secrets, DATABASE_URL: database.url, TEST_DATABASE_URL: "", LOG_LEVEL: "silent" },
          stdio: "ignore",
        }),
      ));
    }
  } else {
    for (let w = 0; w < workers; w++) {
      loops.push((async () => {
        while (!stop) if ((await runOnce({ now: () => new Date() }, BATCH)) === 0) await new Promise((r) => setTimeout(r, 50));
      })());
    }
  }
  // Warm-up: one event per worker delivered, so start-up is not in the figures.
  await emit(-workers, 0);
  while (arrivals.size < workers) await new Promise((r) => setTimeout(r, 50));
  arrivals.clear();
  emitted.clear();
  const pause = (suspended: boolean) =>
    db().$executeRaw`UPDATE workspaces SET suspended_at = ${suspended ? new Date() : null}, suspended_reason = ${suspended ? "benchmark: outbox filling" : null} WHERE id = ${workspaceId}::uuid`;
  let fillSeconds = 0;
  let cpuAtStart = children.map((c) => cpuSeconds(c.pid));
  let pgAtStart = await databaseCpu();
  let benchAtStart = process.cpuUsage();
  if (MODE === "prefilled") {
    // The claim skips suspended workspaces: the outbox fills while the workers find nothing.
    await pause(true);
    const filling = Date.now();
    for (let done = 0; done < EVENTS; done += 500) await emit(done, Math.min(EVENTS, done + 500));
    fillSeconds = (Date.now() - filling) / 1000;
    // Statistics as autovacuum keeps them on a table in use (it has not run yet on this fresh
    // database): without them the planner takes the fresh table for nearly empty.
    await db().$executeRaw`ANALYZE webhook_deliveries`;
    cpuAtStart = children.map((c) => cpuSeconds(c.pid));
    pgAtStart = await databaseCpu();
    benchAtStart = process.cpuUsage();
    const released = Date.now();
    for (const id of emitted.keys()) emitted.set(id, released);
    await pause(false);
  }
  // The burst: EVENTS emitted in transactions of 100 while the workers deliver.
  const started = Date.now();
  if (MODE === "burst") for (let done = 0; done < EVENTS; done += 100) await emit(done, Math.min(EVENTS, done + 100));
  // Until every event has arrived, or nothing has for 60 s (then the rest are lost).
  let seen = 0;
  let lastProgress = Date.now();
  while (arrivals.size < EVENTS && Date.now() - lastProgress < 60_000) {
    await new Promise((r) => setTimeout(r, 50));
    if (arrivals.size > seen) {
      seen = arrivals.size;
      lastProgress = Date.now();
    }
  }
  const workerCpu = children.map((c, i) => cpuSeconds(c.pid) - cpuAtStart[i]!);
  const benchCpu = process.cpuUsage(benchAtStart);
  const pgCpu = [...(await databaseCpu())].reduce((sum, [pid, cpu]) => sum + (Number.isNaN(cpu) ? 0 : cpu - (pgAtStart.get(pid) ?? 0)), 0);
  const cpuWindow = (Date.now() - started) / 1000;
  // A moment more, so a late second copy of an attempt would still be counted.
  await new Promise((r) => setTimeout(r, 1000));
  const loadAtEnd = load();
  stop = true;
  await Promise.all(loops);
  await Promise.all(children.map((child) => new Promise((resolve) => (child.once("exit", resolve), child.kill("SIGTERM")))));
  const firsts = [...arrivals.values()].map((t) => t[0]!);
  const first = Math.min(...firsts);
  const last = Math.max(...firsts);
  const from = MODE === "prefilled" ? first : started;
  const seconds = (last - from) / 1000;
  const lags = [...arrivals.entries()].map(([id, times]) => times[0]! - emitted.get(id)!).sort((a, b) => a - b);
  const lost = [...emitted.keys()].filter((id) => !arrivals.has(id)).length;
  const twice = [...arrivals.values()].filter((t) => t.length > 1).length;
  // The attempt records: one per delivery, numbered 1, none written twice.
  const [records] = await db().$queryRaw<{ attempts: bigint; deliveries: bigint }[]>`
    SELECT count(*) AS attempts, count(DISTINCT delivery_id) AS deliveries FROM webhook_attempts WHERE workspace_id = ${workspaceId}::uuid`;
  return {
    workers,
    mode: MODE,
    events: EVENTS,
    "deliveries/s": Math.round(arrivals.size / seconds),
    [MODE === "prefilled" ? "drain s" : "burst s"]: +seconds.toFixed(1),
    ...(MODE === "prefilled" ? { "fill s": +fillSeconds.toFixed(1), "wake-up ms": first - started } : {}),
    "lag p50 ms": lags[Math.floor(lags.length * 0.5)],
    "lag p99 ms": lags[Math.floor(lags.length * 0.99)],
    lost,
    "sent twice": twice,
    "attempt rows": Number(records!.attempts) - workers,
    "rows twice": Number(records!.attempts) - Number(records!.deliveries),
    // Busy share of one core per worker process over the drain (burst: over the burst).
    ...(onPostgres
      ? {
          "worker CPU %": workerCpu.map((c) => Math.round((100 * c) / cpuWindow)).join("/"),
          "PG CPU %": Math.round((100 * pgCpu) / cpuWindow),
          "bench CPU %": Math.round((benchCpu.user + benchCpu.system) / 1e4 / cpuWindow),
        }
      : {}),
    load: loadAtEnd,
  };
}

try {
  const results: Awaited<ReturnType<typeof round>>[] = [];
  for (let n = 0; n < ROUNDS; n++) for (const workers of WORKER_COUNTS) results.push(await round(workers, n));
  console.table(results);
  const median = (workers: number) => {
    const rates = results.filter((r) => r.workers === workers).map((r) => r["deliveries/s"]).sort((a, b) => a - b);
    return rates.length % 2 ? rates[(rates.length - 1) / 2]! : (rates[rates.length / 2 - 1]! + rates[rates.length / 2]!) / 2;
  };
  const [one, two] = WORKER_COUNTS;
  if (one !== undefined && two !== undefined) {
    const label = ROUNDS > 1 ? `median of ${ROUNDS} rounds: ` : "";
    console.log(`${label}${one} worker(s) ${Math.round(median(one))}/s, ${two} worker(s) ${Math.round(median(two))}/s — ${two} / ${one}: ${(median(two) / median(one)).toFixed(2)}x`);
    if (onPostgres && one === 1 && two === 2) {
      const verdict = (ok: boolean) => (ok ? "PASS" : "MISS");
      const lossless = results.every((r) => r.lost === 0 && r["sent twice"] === 0 && r["rows twice"] === 0);
      console.log(`targets (PostgreSQL, receiver answering after ${RECEIVER_MS} ms): one worker ≥ 500/s — ${verdict(median(1) >= 500)}; two ≥ 1.8× — ${verdict(median(2) / median(1) >= 1.8)}; none lost or sent twice — ${verdict(lossless)}`);
    }
  }
  console.log(
    MODE === "prefilled"
      ? "Pre-filled: the outbox holds every event before the workers may claim; deliveries/s is first → last arrival, lag is release → arrival."
      : "A burst: the events are emitted in transactions of 100 as fast as the outbox takes them, the workers already running; lag is emit to arrival, so it includes the queue the burst builds.",
  );
} finally {
  running.forEach((child) => child.kill("SIGKILL"));
  receiver.closeAllConnections();
  receiver.close();
  await database.close();
}
