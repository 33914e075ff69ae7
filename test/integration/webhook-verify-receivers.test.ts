import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateWebhookSecret } from "@/lib/webhooks/secret";
import { eventBody, signatureHeader, webhookHeaders } from "@/lib/webhooks/signature";
import { GO_VERIFICATION_SNIPPET, NODE_VERIFICATION_SNIPPET, PYTHON_VERIFICATION_SNIPPET } from "@/lib/webhooks/snippets";
import { verifyWebhook, WebhookVerificationError } from "@/lib/webhooks/verify";

/*
 * Real receivers, real sockets, real interpreters: our signer against our verifier served by
 * node:http, against each published snippet run as its own process (node, python3, go), and
 * against Stripe's official SDK as an independent implementation of the same scheme.
 */

const NEW_SECRET = generateWebhookSecret();
const OLD_SECRET = generateWebhookSecret();
const nowSec = () => Math.floor(Date.now() / 1000);
let sequence = 0;

function makeEvent() {
  const id = `evt_recv${++sequence}${Date.now().toString(36)}`;
  const body = eventBody({ id, type: "call.completed", created: nowSec(), livemode: true, data: { call: { id: "call_1", to: "+234 *** *** 789", note: "é ✓" } } });
  return { id, body };
}

function post(url: string, body: string, headers: Record<string, string>) {
  return fetch(url, { method: "POST", body, headers, redirect: "manual" }).then(async (res) => ({ status: res.status, text: await res.text() }));
}

let workDir: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  workDir = mkdtempSync(path.join(tmpdir(), "sb-webhook-receivers-"));
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill();
  rmSync(workDir, { recursive: true, force: true });
});

/** Starts a receiver process and resolves with its port once it prints "listening on <port>". */
function startReceiver(command: string, args: string[], secret: string): Promise<string> {
  const child = spawn(command, args, {
    cwd: workDir,
    env: { ...process.env, SWITCHBOARD_WEBHOOK_SECRET: secret, HOST: "127.0.0.1", PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not start:\n${stdout}${stderr}`)), 20_000);
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    child.stdout!.on("data", (chunk) => {
      stdout += chunk;
      const port = /listening on (\d+)/.exec(stdout)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${port}/`);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code}:\n${stdout}${stderr}`));
    });
  });
}

/** The behaviour every receiver must show, whatever it is written in. */
async function expectReceiverBehaviour(url: string) {
  const fresh = makeEvent();
  const headers = webhookHeaders({ eventId: fresh.id, eventType: "call.completed", payload: fresh.body, secrets: [NEW_SECRET] });
  expect(await post(url, fresh.body, headers)).toEqual({ status: 200, text: "ok" });
  // A retry of the same event is acknowledged but not processed twice.
  const retry = webhookHeaders({ eventId: fresh.id, eventType: "call.completed", payload: fresh.body, secrets: [NEW_SECRET] });
  expect(await post(url, fresh.body, retry)).toEqual({ status: 200, text: "duplicate" });

  // Rotation: the receiver still knows only NEW_SECRET; a grace-window delivery verifies.
  const rotated = makeEvent();
  const both = webhookHeaders({ eventId: rotated.id, eventType: "call.completed", payload: rotated.body, secrets: [generateWebhookSecret(), NEW_SECRET] });
  expect(await post(url, rotated.body, both)).toEqual({ status: 200, text: "ok" });

  const tampered = makeEvent();
  const tamperedHeaders = webhookHeaders({ eventId: tampered.id, eventType: "call.completed", payload: tampered.body, secrets: [NEW_SECRET] });
  const refused = await post(url, tampered.body.replace("call_1", "call_2"), tamperedHeaders);
  expect(refused.status).toBe(400);
  expect(refused.text.trim()).toBe("signature_mismatch");

  const wrongKey = makeEvent();
  const wrongHeaders = webhookHeaders({ eventId: wrongKey.id, eventType: "call.completed", payload: wrongKey.body, secrets: [OLD_SECRET] });
  expect((await post(url, wrongKey.body, wrongHeaders)).status).toBe(400);

  const stale = makeEvent();
  const staleHeaders = webhookHeaders({ eventId: stale.id, eventType: "call.completed", payload: stale.body, secrets: [NEW_SECRET], now: new Date(Date.now() - 6 * 60_000) });
  const staleAnswer = await post(url, stale.body, staleHeaders);
  expect(staleAnswer.status).toBe(400);
  expect(staleAnswer.text.trim()).toBe("timestamp_outside_tolerance");

  const unsigned = makeEvent();
  expect((await post(url, unsigned.body, { "Content-Type": "application/json", "X-Switchboard-Event-Id": unsigned.id })).status).toBe(400);
}

describe("verifyWebhook behind a real node:http receiver", () => {
  let server: Server;
  let url: string;
  const seen = new Set<string>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        try {
          verifyWebhook(Buffer.concat(chunks), req.headers["x-switchboard-signature"], NEW_SECRET);
        } catch (err) {
          if (!(err instanceof WebhookVerificationError)) throw err;
          res.writeHead(400).end(err.reason);
          return;
        }
        const id = String(req.headers["x-switchboard-event-id"]);
        res.writeHead(200).end(seen.has(id) ? "duplicate" : "ok");
        seen.add(id);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("accepts signed deliveries and refuses tampered, wrongly keyed, stale and unsigned ones", async () => {
    await expectReceiverBehaviour(url);
  });
});

describe("published snippets run as real receivers", () => {
  it("Node snippet (node receiver.mjs)", async () => {
    writeFileSync(path.join(workDir, NODE_VERIFICATION_SNIPPET.filename), NODE_VERIFICATION_SNIPPET.code);
    await expectReceiverBehaviour(await startReceiver(process.execPath, [NODE_VERIFICATION_SNIPPET.filename], NEW_SECRET));
  });

  it("Python snippet (python3 receiver.py)", async () => {
    writeFileSync(path.join(workDir, PYTHON_VERIFICATION_SNIPPET.filename), PYTHON_VERIFICATION_SNIPPET.code);
    await expectReceiverBehaviour(await startReceiver("python3", ["-u", PYTHON_VERIFICATION_SNIPPET.filename], NEW_SECRET));
  });

  it("Python snippet's verify function, fed body on stdin and header and secret in argv", () => {
    writeFileSync(path.join(workDir, PYTHON_VERIFICATION_SNIPPET.filename), PYTHON_VERIFICATION_SNIPPET.code);
    const harness = path.join(workDir, "verify_cli.py");
    writeFileSync(
      harness,
      [
        "import importlib.util, sys",
        "spec = importlib.util.spec_from_file_location('receiver', sys.argv[1])",
        "receiver = importlib.util.module_from_spec(spec)",
        "spec.loader.exec_module(receiver)",
        "try:",
        "    print('ok', receiver.verify_switchboard_signature(sys.stdin.buffer.read(), sys.argv[2], sys.argv[3]))",
        "except receiver.WebhookVerificationError as err:",
        "    print('refused', err)",
        "    sys.exit(1)",
        "",
      ].join("\n"),
    );
    const run = (body: string, header: string, secret: string) => {
      const result = spawnSync("python3", [harness, path.join(workDir, PYTHON_VERIFICATION_SNIPPET.filename), header, secret], { input: Buffer.from(body, "utf8"), encoding: "utf8" });
      if (result.error) throw result.error;
      return { code: result.status, out: result.stdout.trim() };
    };
    const { body } = makeEvent();
    const t = nowSec();
    const single = signatureHeader({ payload: body, secrets: [NEW_SECRET], timestamp: t });
    const rotation = signatureHeader({ payload: body, secrets: [NEW_SECRET, OLD_SECRET], timestamp: t });

    expect(run(body, single, NEW_SECRET)).toEqual({ code: 0, out: `ok ${t}` });
    expect(run(body, rotation, OLD_SECRET)).toEqual({ code: 0, out: `ok ${t}` });
    expect(run(body, single, OLD_SECRET)).toEqual({ code: 1, out: "refused signature_mismatch" });
    expect(run(`${body} `, single, NEW_SECRET)).toEqual({ code: 1, out: "refused signature_mismatch" });
    expect(run(body, `t=${t},v1=abc`, NEW_SECRET)).toEqual({ code: 1, out: "refused signature_mismatch" });
    expect(run(body, signatureHeader({ payload: body, secrets: [NEW_SECRET], timestamp: t - 330 }), NEW_SECRET)).toEqual({ code: 1, out: "refused timestamp_outside_tolerance" });
    expect(run(body, signatureHeader({ payload: body, secrets: [NEW_SECRET], timestamp: t + 330 }), NEW_SECRET)).toEqual({ code: 1, out: "refused timestamp_outside_tolerance" });
  });

  // Skipped on a machine without Go; CI installs it (.ci/run), so there it always runs.
  const hasGo = process.env.CI === "true" || spawnSync("go", ["version"]).status === 0;
  it.skipIf(!hasGo)(`Go snippet (go build receiver.go)${hasGo ? "" : " — skipped: no `go` toolchain on PATH"}`, async () => {
    writeFileSync(path.join(workDir, GO_VERIFICATION_SNIPPET.filename), GO_VERIFICATION_SNIPPET.code);
    const build = spawnSync("go", ["build", "-o", "receiver-go", GO_VERIFICATION_SNIPPET.filename], {
      cwd: workDir,
      encoding: "utf8",
      env: { ...process.env, GOCACHE: process.env.GOCACHE ?? path.join(tmpdir(), "sb-go-build-cache") },
    });
    expect(build.status, build.stderr).toBe(0);
    await expectReceiverBehaviour(await startReceiver(path.join(workDir, "receiver-go"), [], NEW_SECRET));
  }, 180_000);
});

describe("Stripe's official SDK verifies our signatures", () => {
  const stripe = new Stripe("sk_test_x");

  it("constructEvent accepts our header and secret, and returns our event", () => {
    const { id, body } = makeEvent();
    const header = signatureHeader({ payload: body, secrets: [NEW_SECRET], timestamp: nowSec() });
    const event = stripe.webhooks.constructEvent(body, header, NEW_SECRET);
    expect(event.id).toBe(id);
    expect(stripe.webhooks.constructEvent(Buffer.from(body, "utf8"), header, NEW_SECRET).id).toBe(id);
  });

  it("accepts either secret of a rotation header", () => {
    const { id, body } = makeEvent();
    const header = signatureHeader({ payload: body, secrets: [NEW_SECRET, OLD_SECRET], timestamp: nowSec() });
    expect(stripe.webhooks.constructEvent(body, header, NEW_SECRET).id).toBe(id);
    expect(stripe.webhooks.constructEvent(body, header, OLD_SECRET).id).toBe(id);
  });

  it("refuses a wrong secret, a tampered body and a stale timestamp", () => {
    const { body } = makeEvent();
    const header = signatureHeader({ payload: body, secrets: [NEW_SECRET], timestamp: nowSec() });
    expect(() => stripe.webhooks.constructEvent(body, header, OLD_SECRET)).toThrow(Stripe.errors.StripeSignatureVerificationError);
    expect(() => stripe.webhooks.constructEvent(body.replace("call_1", "call_2"), header, NEW_SECRET)).toThrow(Stripe.errors.StripeSignatureVerificationError);
    const stale = signatureHeader({ payload: body, secrets: [NEW_SECRET], timestamp: nowSec() - 301 });
    expect(() => stripe.webhooks.constructEvent(body, stale, NEW_SECRET)).toThrow(/tolerance/);
  });

  it("Stripe's own test header for the same payload, secret and time is byte-identical to ours", () => {
    const { body } = makeEvent();
    const t = nowSec();
    expect(stripe.webhooks.generateTestHeaderString({ payload: body, secret: NEW_SECRET, timestamp: t })).toBe(signatureHeader({ payload: body, secrets: [NEW_SECRET], timestamp: t }));
    // And the other direction: our verifier accepts Stripe's header.
    const stripeHeader = stripe.webhooks.generateTestHeaderString({ payload: body, secret: NEW_SECRET, timestamp: t });
    expect(verifyWebhook(body, stripeHeader, NEW_SECRET)).toEqual({ timestamp: t });
  });
});
