import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventBody } from "@/lib/webhooks/signature";
import { standardEd25519Headers, standardHmacHeaders } from "@/lib/webhooks/schemes";
import { generateWebhookSecret, standardWebhooksSecret } from "@/lib/webhooks/secret";
import { ED25519_VERIFICATION_SNIPPETS } from "@/lib/webhooks/snippets-ed25519";
import { STANDARD_VERIFICATION_SNIPPETS } from "@/lib/webhooks/snippets-standard";
import type { VerificationSnippet } from "@/lib/webhooks/snippets";

/*
 * The `standard` and `standard-ed25519` receiver snippets run as real processes on loopback
 * (node, python3, go when installed) against our signer: signed deliveries accepted, also
 * during a rotation (two signatures, new first), tampered, wrongly keyed, stale and unsigned
 * ones refused. The Ed25519 receivers fetch their keys over HTTP from a JWKS server.
 */

const SECRET = generateWebhookSecret();
const OTHER_SECRET = generateWebhookSecret();
const keyPair = () => generateKeyPairSync("ed25519");
const K1 = keyPair();
const K2 = keyPair();
const K3 = keyPair();
let published: KeyObject[] = [K1.publicKey];
let sequence = 0;

function makeEvent() {
  const id = `evt_std${++sequence}${Date.now().toString(36)}`;
  return { id, body: eventBody({ id, type: "call.completed", created: Math.floor(Date.now() / 1000), livemode: true, data: { call: { id: "call_1", note: "é ✓" } } }) };
}
const at = (offsetMs = 0) => Math.floor((Date.now() + offsetMs) / 1000);

function post(url: string, body: string, headers: Record<string, string>) {
  return fetch(url, { method: "POST", body, headers }).then(async (res) => ({ status: res.status, text: (await res.text()).trim() }));
}

let workDir: string;
let jwksServer: Server;
let jwksUrl: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), "sb-scheme-snippets-"));
  jwksServer = createServer((_req, res) => {
    const keys = published.map((k) => ({ ...k.export({ format: "jwk" }), kid: `k${published.indexOf(k)}`, use: "sig", alg: "EdDSA" }));
    res.writeHead(200, { "content-type": "application/jwk-set+json" }).end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, "127.0.0.1", resolve));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/switchboard/webhook-keys/ws.json`;
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill();
  await new Promise<void>((resolve) => jwksServer.close(() => resolve()));
  rmSync(workDir, { recursive: true, force: true });
});

/** Writes the snippet, starts it, and resolves with its URL once it prints "listening on <port>". */
function startSnippet(snippet: VerificationSnippet, command: string, args: string[], env: Record<string, string>): Promise<string> {
  writeFileSync(path.join(workDir, snippet.filename), snippet.code);
  const child = spawn(command, args, { cwd: workDir, env: { ...process.env, ...env, HOST: "127.0.0.1", PORT: "0" }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not start:\n${output}`)), 20_000);
    child.stderr!.on("data", (chunk) => (output += chunk));
    child.stdout!.on("data", (chunk) => {
      output += chunk;
      const port = /listening on (\d+)/.exec(output)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${port}/`);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code}:\n${output}`));
    });
  });
}

type Signer = (event: { id: string; body: string }, keys: "current" | "rotation" | "wrong", timestamp?: number) => Record<string, string>;

const hmacSigner: Signer = (event, keys, timestamp = at()) =>
  standardHmacHeaders({
    eventId: event.id,
    eventType: "call.completed",
    payload: event.body,
    timestamp,
    // The receiver knows SECRET; in a rotation a newer secret signs first.
    secrets: keys === "current" ? [SECRET] : keys === "rotation" ? [generateWebhookSecret(), SECRET] : [OTHER_SECRET],
  });

const ed25519Signer: Signer = (event, keys, timestamp = at()) =>
  standardEd25519Headers({
    eventId: event.id,
    eventType: "call.completed",
    payload: event.body,
    timestamp,
    privateKeys: keys === "current" ? [K1.privateKey] : keys === "rotation" ? [K2.privateKey, K1.privateKey] : [K3.privateKey],
  });

/** What every receiver must do, whatever its language and scheme. */
async function expectReceiverBehaviour(url: string, sign: Signer) {
  const fresh = makeEvent();
  expect(await post(url, fresh.body, sign(fresh, "current"))).toEqual({ status: 200, text: "ok" });
  expect(await post(url, fresh.body, sign(fresh, "current"))).toEqual({ status: 200, text: "duplicate" });

  const rotated = makeEvent();
  const rotation = sign(rotated, "rotation");
  expect(rotation["webhook-signature"]!.split(" ")).toHaveLength(2);
  expect(await post(url, rotated.body, rotation)).toEqual({ status: 200, text: "ok" });

  const tampered = makeEvent();
  expect(await post(url, tampered.body.replace("call_1", "call_2"), sign(tampered, "current"))).toEqual({ status: 400, text: "signature_mismatch" });

  const wrong = makeEvent();
  expect(await post(url, wrong.body, sign(wrong, "wrong"))).toEqual({ status: 400, text: "signature_mismatch" });

  const stale = makeEvent();
  expect(await post(url, stale.body, sign(stale, "current", at(-6 * 60_000)))).toEqual({ status: 400, text: "timestamp_outside_tolerance" });

  // Another event's id over this body: the id is inside the signed content.
  const swapped = makeEvent();
  expect(await post(url, swapped.body, { ...sign(swapped, "current"), "webhook-id": "evt_other" })).toEqual({ status: 400, text: "signature_mismatch" });

  const unsigned = makeEvent();
  expect((await post(url, unsigned.body, { "Content-Type": "application/json", "webhook-id": unsigned.id })).status).toBe(400);
}

const byLanguage = (list: readonly VerificationSnippet[], language: string) => list.find((s) => s.language === language)!;
// Skipped on a machine without them; CI installs both (.ci/run), so there they always run.
const required = process.env.CI === "true";
const hasGo = required || spawnSync("go", ["version"]).status === 0;
const hasPythonCryptography = required || spawnSync("python3", ["-c", "import cryptography"]).status === 0;
const goCache = { GOCACHE: process.env.GOCACHE ?? path.join(tmpdir(), "sb-go-build-cache") };

describe("standard (v1 HMAC) snippets as real receivers", () => {
  it("Node snippet, given the secret as shown (whsec_ + base64url)", async () => {
    const url = await startSnippet(byLanguage(STANDARD_VERIFICATION_SNIPPETS, "node"), process.execPath, ["receiver-standard.mjs"], { SWITCHBOARD_WEBHOOK_SECRET: SECRET });
    await expectReceiverBehaviour(url, hmacSigner);
  });

  it("Python snippet, given the Standard Webhooks form (whsec_ + standard base64)", async () => {
    const url = await startSnippet(byLanguage(STANDARD_VERIFICATION_SNIPPETS, "python"), "python3", ["-u", "receiver_standard.py"], { SWITCHBOARD_WEBHOOK_SECRET: standardWebhooksSecret(SECRET) });
    await expectReceiverBehaviour(url, hmacSigner);
  });

  it("Python snippet, given the secret as shown", async () => {
    const url = await startSnippet(byLanguage(STANDARD_VERIFICATION_SNIPPETS, "python"), "python3", ["-u", "receiver_standard.py"], { SWITCHBOARD_WEBHOOK_SECRET: SECRET });
    await expectReceiverBehaviour(url, hmacSigner);
  });

  it.skipIf(!hasGo)(`Go snippet (go build)${hasGo ? "" : " — skipped: no `go` toolchain on PATH"}`, async () => {
    const snippet = byLanguage(STANDARD_VERIFICATION_SNIPPETS, "go");
    writeFileSync(path.join(workDir, snippet.filename), snippet.code);
    const build = spawnSync("go", ["build", "-o", "receiver-standard-go", snippet.filename], { cwd: workDir, encoding: "utf8", env: { ...process.env, ...goCache } });
    expect(build.status, build.stderr).toBe(0);
    await expectReceiverBehaviour(await startSnippet(snippet, path.join(workDir, "receiver-standard-go"), [], { SWITCHBOARD_WEBHOOK_SECRET: SECRET }), hmacSigner);
  }, 180_000);
});

describe("standard-ed25519 (v1a) snippets as real receivers, keys fetched from a JWKS over HTTP", () => {
  // The receivers cache the JWKS: published at the first request is [K1]; a rotation then
  // signs with K2 first and K1 second, which a cached [K1] still verifies.
  it("Node snippet", async () => {
    published = [K1.publicKey];
    const url = await startSnippet(byLanguage(ED25519_VERIFICATION_SNIPPETS, "node"), process.execPath, ["receiver-ed25519.mjs"], { SWITCHBOARD_SIGNING_KEYS_URL: jwksUrl });
    await expectReceiverBehaviour(url, ed25519Signer);
  });

  it("Node snippet started after the rotation verifies the new key's signature alone", async () => {
    published = [K2.publicKey, K1.publicKey];
    const url = await startSnippet(byLanguage(ED25519_VERIFICATION_SNIPPETS, "node"), process.execPath, ["receiver-ed25519.mjs"], { SWITCHBOARD_SIGNING_KEYS_URL: jwksUrl });
    const event = makeEvent();
    const headers = standardEd25519Headers({ eventId: event.id, eventType: "call.completed", payload: event.body, timestamp: at(), privateKeys: [K2.privateKey] });
    expect(await post(url, event.body, headers)).toEqual({ status: 200, text: "ok" });
  });

  it.skipIf(!hasPythonCryptography)(`Python snippet${hasPythonCryptography ? "" : " — skipped: python3 has no `cryptography` package"}`, async () => {
    published = [K1.publicKey];
    const url = await startSnippet(byLanguage(ED25519_VERIFICATION_SNIPPETS, "python"), "python3", ["-u", "receiver_ed25519.py"], { SWITCHBOARD_SIGNING_KEYS_URL: jwksUrl });
    await expectReceiverBehaviour(url, ed25519Signer);
  });

  it.skipIf(!hasGo)(`Go snippet (go build)${hasGo ? "" : " — skipped: no `go` toolchain on PATH"}`, async () => {
    published = [K1.publicKey];
    const snippet = byLanguage(ED25519_VERIFICATION_SNIPPETS, "go");
    writeFileSync(path.join(workDir, snippet.filename), snippet.code);
    const build = spawnSync("go", ["build", "-o", "receiver-ed25519-go", snippet.filename], { cwd: workDir, encoding: "utf8", env: { ...process.env, ...goCache } });
    expect(build.status, build.stderr).toBe(0);
    await expectReceiverBehaviour(await startSnippet(snippet, path.join(workDir, "receiver-ed25519-go"), [], { SWITCHBOARD_SIGNING_KEYS_URL: jwksUrl }), ed25519Signer);
  }, 180_000);
});
