import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "@/lib/config";
import { encryptField } from "@/lib/crypto/envelope";
import { db } from "@/lib/db/client";
import { claimPeriodicRun } from "@/lib/db/periodic-claim";
import { JOBS, webhookDeliveriesJob, type Job } from "@/lib/jobs/registry";
import { runnerInProcess, startJobRunner, type JobRunner } from "@/lib/jobs/runner";
import { createLogger } from "@/lib/log/logger";
import { runRetention } from "@/lib/retention/run";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { nth } from "../support/items";

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DAY_MS = 86_400_000;

let database: TestDatabase;
let server: Server;
const received: string[] = [];
beforeAll(async () => {
  await useTestEnv({ OUTBOUND_ALLOW_LOOPBACK: "true" });
  database = await createTestDatabase();
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received.push(String(req.headers["x-switchboard-event-id"]));
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await database.close();
});

/** A job that records when it ran; `body` decides what a run does. */
function probe(name: string, intervalMs: number, body: (n: number) => Promise<number> | number = () => 0) {
  const starts: number[] = [];
  let active = 0;
  let maxActive = 0;
  const job: Job = {
    name,
    intervalMs,
    claim: "none (test)",
    run: async () => {
      starts.push(Date.now());
      active += 1;
      maxActive = Math.max(maxActive, active);
      try {
        return await body(starts.length);
      } finally {
        active -= 1;
      }
    },
  };
  return { job, starts, maxActive: () => maxActive };
}

describe("the job runner (decision 024)", () => {
  it("registers every background job, each with an interval and a claim", () => {
    expect(JOBS.map((j) => j.name)).toEqual(["webhook-deliveries", "webhook-recoveries", "workspace-deletion", "retention", "audit-checkpoints", "evidence-streams", "request-log-partitions", "widget-idle-sessions"]);
    for (const job of JOBS) {
      expect(job.intervalMs).toBeGreaterThan(0);
      expect(job.claim).not.toBe("");
    }
    // As before the move: deliveries every second; the hourly jobs look every 5 minutes, first after 5.
    expect(webhookDeliveriesJob).toMatchObject({ intervalMs: 1000, drain: true });
    expect(JOBS.find((j) => j.name === "retention")).toMatchObject({ intervalMs: 300_000, firstRunAfterMs: 300_000 });
    expect(() => startJobRunner([webhookDeliveriesJob, webhookDeliveriesJob])).toThrow(/unique/);
  });

  it("runs a job on its interval, never overlapping itself, and stops cleanly", async () => {
    // Each run takes longer than the interval: a second run may not start before the first ends.
    const slow = probe("slow", 20, () => sleep(40).then(() => 0));
    const runner = startJobRunner([slow.job]);
    expect(runnerInProcess("slow")).toBe(runner);
    await expect.poll(() => slow.starts.length, { timeout: 5000 }).toBeGreaterThanOrEqual(4);
    await runner.stop();
    const after = slow.starts.length;
    expect(slow.maxActive()).toBe(1);
    // Start to start: the run (40 ms) plus the interval (20 ms).
    const gaps = slow.starts.slice(1).map((start, i) => start - nth(slow.starts, i, "start"));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(58);
    expect(runner.lastRunAt("slow")).toBeInstanceOf(Date);
    await sleep(100);
    expect(slow.starts.length).toBe(after); // nothing runs after stop()
    expect(runnerInProcess("slow")).toBeUndefined();
  });

  it("a failing job is logged (without secrets) and retried; the others go on", async () => {
    // The app's logger, writing where the test can read it.
    const lines: string[] = [];
    const slot = globalThis as unknown as { __switchboardLog?: unknown };
    const previous = slot.__switchboardLog;
    slot.__switchboardLog = createLogger({ level: "info", destination: new Writable({ write: (c, _e, done) => (lines.push(String(c)), done()) }) });
    const failing = probe("failing", 10, () => {
      throw new Error("upstream refused key sb_live_sk_4eC39HqLyjWDarjtT1zdp7dcABCDEF1234 for +234 803 555 0789");
    });
    const healthy = probe("healthy", 10);
    const runner = startJobRunner([failing.job, healthy.job]);
    try {
      await expect.poll(() => Math.min(failing.starts.length, healthy.starts.length), { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    } finally {
      await runner.stop();
      slot.__switchboardLog = previous;
    }
    expect(runner.lastRunAt("failing")).toBeNull();
    expect(runner.lastRunAt("healthy")).toBeInstanceOf(Date);
    const failures = lines.map((l) => JSON.parse(l)).filter((l) => l.job === "failing");
    expect(failures.length).toBeGreaterThanOrEqual(3);
    expect(failures[0]).toMatchObject({ level: 50, err: { message: expect.stringContaining("upstream refused key") } });
    const text = lines.join("");
    expect(text).not.toContain("4eC39HqLyjWDarjtT1zdp7dc");
    expect(text).not.toContain("555 0789");
    expect(text).not.toContain('"job":"healthy"');
  });

  it("a draining job runs again at once while it finds work; the first run may wait", async () => {
    const draining = probe("draining", 60_000, (n) => (n <= 3 ? 1 : 0));
    const delayed = probe("delayed", 10);
    const runner = startJobRunner([{ ...draining.job, drain: true }, { ...delayed.job, firstRunAfterMs: 60_000 }]);
    await expect.poll(() => draining.starts.length, { timeout: 2000 }).toBe(4);
    // The pauses (a minute each) end at once: otherwise stop() outlives the test's 30 s timeout.
    await runner.stop();
    expect(delayed.starts).toEqual([]);
  });

  it("two runners never run one period of a periodic job twice", async () => {
    let runs = 0;
    const hourly: Job = {
      name: "hourly-probe",
      intervalMs: 5,
      claim: "scheduled_jobs 'hourly-probe'",
      run: async ({ now }) => ((await claimPeriodicRun("hourly-probe", now(), 60 * 60_000)) ? ++runs : 0),
    };
    const a = startJobRunner([hourly]);
    const b = startJobRunner([hourly]);
    await sleep(300);
    await Promise.all([a.stop(), b.stop()]);
    expect(runs).toBe(1);
    expect(a.lastRunAt("hourly-probe") && b.lastRunAt("hourly-probe")).toBeInstanceOf(Date); // both asked
  });

  it("runners never claim one delivery twice: every event arrives once, in one attempt", async () => {
    const w = await db().workspace.create({ data: { slug: "jobs-a", name: "Jobs" } });
    const endpointId = randomUUID();
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const secretEnc = await encryptField({ workspaceId: w.id, column: "webhook_secret", rowId: endpointId }, "whsec_jobs_runner_test");
    await db().webhookEndpoint.create({ data: { id: endpointId, workspaceId: w.id, mode: "live", url, events: ["webhook.test"], secretEnc } });
    const N = 40;
    for (let i = 0; i < N; i++) {
      await db().webhookEvent.create({ data: { id: `evt_jobs_${i}`, workspaceId: w.id, mode: "live", type: "webhook.test", body: `{"n":${i}}` } });
      await db().webhookDelivery.create({ data: { workspaceId: w.id, eventId: `evt_jobs_${i}`, endpointId, nextAttemptAt: new Date(Date.now() - 1000) } });
    }
    const job: Job = { ...webhookDeliveriesJob, intervalMs: 10 };
    const runners: JobRunner[] = Array.from({ length: 4 }, () => startJobRunner([job]));
    try {
      await expect.poll(() => db().webhookDelivery.count({ where: { status: "succeeded" } }), { timeout: 20_000 }).toBe(N);
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
    }
    expect(received).toHaveLength(N);
    expect(new Set(received).size).toBe(N);
    expect(await db().webhookAttempt.count()).toBe(N);
    expect(await db().webhookDelivery.count({ where: { attempts: { not: 1 } } })).toBe(0);
  });
});

describe("retention and workspace deletion, two jobs", () => {
  it("retention leaves a workspace due for deletion within the hour to the deletion job", async () => {
    const now = new Date();
    const old = new Date(now.getTime() - 400 * DAY_MS);
    const soon = await db().workspace.create({ data: { slug: "jobs-soon", name: "S", cancelledAt: now, deletionDueAt: new Date(now.getTime() + 30 * 60_000) } });
    const later = await db().workspace.create({ data: { slug: "jobs-later", name: "L", cancelledAt: now, deletionDueAt: new Date(now.getTime() + 20 * DAY_MS) } });
    for (const ws of [soon, later]) await db().securityEvent.create({ data: { workspaceId: ws.id, type: "sign_in_failed", occurredAt: old } });
    const report = await runRetention({ now });
    expect(report.workspaces.map((w) => w.workspaceId)).toEqual([later.id]);
    expect(await db().securityEvent.count({ where: { workspaceId: soon.id } })).toBe(1);
    expect(await db().securityEvent.count({ where: { workspaceId: later.id } })).toBe(0);
  });
});

describe.skipIf(!onPostgres)("npm run worker (PostgreSQL only)", () => {
  it("starts the runner and stops cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/lib/server-only-hook.mjs", "scripts/worker.ts"], {
      env: { ...process.env, ...config().secrets, DATABASE_URL: database.url, TEST_DATABASE_URL: "", LOG_LEVEL: "silent" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout!.on("data", (c) => (out += c));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      await expect.poll(() => out, { timeout: 30_000 }).toContain("webhook-deliveries, webhook-recoveries, workspace-deletion, retention");
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
  }, 60_000);
});
