import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { request, createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { generateKey } from "../lib/api-keys/format";
import { loadGeneratedSecrets } from "../lib/config/generated-secrets";
import { createTempDatabase, dropTempDatabase } from "../scripts/lib/temp-database";

/**
 * SIGTERM (issue 22 item 4, decision 053), on real processes from the suite's build: `npm start`'s
 * script with a request in flight — its body still arriving — and `npm run worker`'s with a
 * webhook attempt in flight to a receiver that never answers.
 *   - the app: readiness is refused at once, the request in flight completes with its answer,
 *     the process exits 0 within its grace period;
 *   - the worker: past its grace the attempt is cut and recorded, the claim released (the
 *     delivery due again at once, for another worker), exit 0.
 * PostgreSQL only: a worker needs DATABASE_URL (the embedded database is one process's).
 */
const PORT = Number(process.env.E2E_PORT_BASE ?? 3210) + 7;
const APP_URL = `http://127.0.0.1:${PORT}`;
const GRACE_MS = 15_000;

test.describe.configure({ mode: "serial", timeout: 180_000 });
test.skip(!process.env.TEST_DATABASE_URL, "needs PostgreSQL (TEST_DATABASE_URL): the worker runs as its own process");

let databaseUrl: string;
let env: NodeJS.ProcessEnv;
const key = generateKey("test", "sk");
const children = new Set<ChildProcess>();
let hanging: Server;
const hangingRequests: IncomingMessage[] = [];

function node(script: string, extra: Record<string, string>): { child: ChildProcess; output: () => string } {
  // node itself (not npm, which does not pass SIGTERM on): the signal reaches the script.
  const child = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/lib/server-only-hook.mjs", script], { env: { ...env, ...extra }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  children.add(child);
  child.once("exit", () => children.delete(child));
  return { child, output: () => out };
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code))));

async function api(method: string, pathname: string, body?: unknown) {
  const response = await fetch(`${APP_URL}${pathname}`, { method, headers: { "x-api-key": key, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

test.beforeAll(async () => {
  databaseUrl = await createTempDatabase(process.env.TEST_DATABASE_URL!, "sb_e2e");
  const dataDir = mkdtempSync(path.join(tmpdir(), "sb-e2e-shutdown-"));
  env = {
    ...process.env,
    ...(loadGeneratedSecrets(dataDir, {}, { generateMissing: true, problems: [] }) as Record<string, string>),
    NODE_ENV: "production",
    ALLOW_DEMO_IN_PRODUCTION: "true",
    DATABASE_URL: databaseUrl,
    SEED_DEMO: "true",
    DEMO_TEST_KEY: key,
    DATA_DIR: dataDir,
    PORT: String(PORT),
    APP_URL,
    LOG_LEVEL: "info",
    HIBP_API_URL: "off",
    OUTBOUND_ALLOW_LOOPBACK: "true",
    NEXT_TELEMETRY_DISABLED: "1",
    SHUTDOWN_GRACE_MS: String(GRACE_MS),
  };
  delete env.TEST_DATABASE_URL;
  hanging = createServer((req) => void hangingRequests.push(req));
  await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
});

test.afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  hanging?.closeAllConnections();
  hanging?.close();
  if (databaseUrl) await dropTempDatabase(process.env.TEST_DATABASE_URL!, databaseUrl);
});

test("npm start drains on SIGTERM: readiness refused at once, the request in flight answered, exit 0", async () => {
  const app = node("scripts/start.ts", { WORKER_ENABLED: "false" });
  for (let i = 0; ; i++) {
    if (app.child.exitCode !== null) throw new Error(`npm start exited:\n${app.output()}`);
    if (await fetch(`${APP_URL}/api/health`).then((r) => r.status === 200, () => false)) break;
    if (i > 180) throw new Error(`npm start did not become ready:\n${app.output()}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  // For the worker's test: an endpoint on the receiver that never answers, and a test call whose event it will get.
  const port = (hanging.address() as AddressInfo).port;
  expect((await api("POST", "/api/v1/webhook-endpoints", { url: `http://127.0.0.1:${port}/hook`, events: ["call.completed"] })).status).toBe(201);
  expect((await api("POST", "/api/v1/test-calls", {})).status).toBe(201);

  // A request in flight: headers and half its body sent, the rest after the SIGTERM.
  const body = JSON.stringify({ number: "not a number", label: "in flight" });
  const answer = new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
    const req = request(`${APP_URL}/api/v1/phone-numbers`, { method: "POST", headers: { "x-api-key": key, "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode!, connection: res.headers.connection, body: text }));
    });
    req.on("error", reject);
    req.write(body.slice(0, 10));
    setTimeout(() => req.end(body.slice(10)), 3_000);
  });
  await new Promise((r) => setTimeout(r, 300));
  const signalled = Date.now();
  app.child.kill("SIGTERM");
  // Readiness: a new connection is refused (the listener is closed) or answered 503 — never 200.
  let readiness = "";
  for (let i = 0; i < 20 && !readiness; i++) {
    await new Promise((r) => setTimeout(r, 100));
    readiness = await fetch(`${APP_URL}/api/health`, { headers: { connection: "close" } }).then(
      (r) => (r.status === 200 ? "" : `status ${r.status}`),
      (e: Error & { cause?: { code?: string } }) => e.cause?.code ?? e.message,
    );
  }
  expect(readiness).toMatch(/^(ECONNREFUSED|status 503)$/);
  const answered = await answer;
  // The app's own answer to the request (its body fails validation), not a cut connection.
  expect(answered.status).toBe(400);
  expect(JSON.parse(answered.body)).toMatchObject({ error: { code: "VALIDATION_FAILED" } });
  expect(answered.connection).toBe("close");
  expect(await exited(app.child)).toBe(0);
  expect(Date.now() - signalled).toBeLessThan(GRACE_MS);
  expect(app.output()).toMatch(/"msg":"stopped"/);
});

test("npm run worker on SIGTERM: the attempt in flight is cut after the grace, its claim released, exit 0", async () => {
  const worker = node("scripts/worker.ts", { SHUTDOWN_GRACE_MS: "1500" });
  for (let i = 0; hangingRequests.length === 0; i++) {
    if (worker.child.exitCode !== null) throw new Error(`the worker exited:\n${worker.output()}`);
    if (i > 600) throw new Error(`the worker never attempted the delivery:\n${worker.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const claimed = await client.query<{ locked: boolean }>("SELECT locked_until > now() AS locked FROM webhook_deliveries");
    expect(claimed.rows).toEqual([{ locked: true }]);
    worker.child.kill("SIGTERM");
    expect(await exited(worker.child)).toBe(0);
    const [delivery] = (await client.query<{ status: string; locked_until: Date | null; due: boolean; attempts: number }>("SELECT status, locked_until, next_attempt_at <= now() AS due, attempts FROM webhook_deliveries")).rows;
    expect(delivery).toMatchObject({ status: "pending", locked_until: null, due: true, attempts: 1 });
    const attempts = (await client.query<{ error: string | null; status_code: number | null }>("SELECT error, status_code FROM webhook_attempts")).rows;
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ status_code: null });
    expect(attempts[0]!.error).toMatch(/cancel/);
  } finally {
    await client.end();
  }
  expect(worker.output()).toMatch(/"msg":"job runner stopped"/);
});
