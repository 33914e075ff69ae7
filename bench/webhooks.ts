import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
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
 * 10,000) in the outbox for one endpoint on a loopback receiver, drained by one worker and
 * then by two; deliveries/s and the lag from emit to arrival (p50 / p99).
 * On PostgreSQL (TEST_DATABASE_URL) the workers are real `npm run worker` processes
 * (scripts/worker.ts: the job runner, FOR UPDATE SKIP LOCKED claims); on PGlite, which one
 * process owns, they are runOnce loops in this process. Every event must arrive exactly once.
 */
const { values } = parseArgs({ options: { events: { type: "string", default: "10000" } } });
const EVENTS = Number(values.events);
process.env.DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "sb-bench-"));
process.env.LOG_LEVEL = "silent";
process.env.OUTBOUND_ALLOW_LOOPBACK = "true";
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
    res.writeHead(200).end("ok");
  });
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

const database = await createTestDatabase();
const onPostgres = Boolean(database.url);
console.log(`load average at start: ${load()}; ${onPostgres ? "PostgreSQL, worker processes" : "PGlite, in-process workers"}`);

async function round(workers: number) {
  await createUser(`bench-${workers}@hooks.test`, { workspaceSlug: `bench-hooks-${workers}` });
  const workspaceId = (await db().workspace.findUniqueOrThrow({ where: { slug: `bench-hooks-${workers}` } })).id;
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
        spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/lib/server-only-hook.mjs", "scripts/worker.ts"], {
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
  // The burst: EVENTS emitted in transactions of 100 while the workers deliver.
  const started = Date.now();
  for (let done = 0; done < EVENTS; done += 100) await emit(done, Math.min(EVENTS, done + 100));
  while (arrivals.size < EVENTS) {
    await new Promise((r) => setTimeout(r, 50));
    if (Date.now() - started > 30 * 60_000) throw new Error(`only ${arrivals.size} of ${EVENTS} arrived in 30 minutes`);
  }
  const seconds = (Math.max(...[...arrivals.values()].map((t) => t[0]!)) - started) / 1000;
  stop = true;
  await Promise.all(loops);
  await Promise.all(children.map((child) => new Promise((resolve) => (child.once("exit", resolve), child.kill("SIGTERM")))));
  const lags = [...arrivals.entries()].map(([id, times]) => times[0]! - emitted.get(id)!).sort((a, b) => a - b);
  const twice = [...arrivals.values()].filter((t) => t.length > 1).length;
  return {
    workers,
    events: EVENTS,
    "deliveries/s": Math.round(EVENTS / seconds),
    "burst s": +seconds.toFixed(1),
    "lag p50 ms": lags[Math.floor(lags.length * 0.5)],
    "lag p99 ms": lags[Math.floor(lags.length * 0.99)],
    "sent twice": twice,
    load: load(),
  };
}

try {
  const results = [await round(1), await round(2)];
  console.table(results);
  console.log("A burst: the events are emitted in transactions of 100 as fast as the outbox takes them, the workers already running; lag is emit to arrival, so it includes the queue the burst builds.");
} finally {
  running.forEach((child) => child.kill("SIGKILL"));
  receiver.closeAllConnections();
  receiver.close();
  await database.close();
}
