import { KeyObject, verify as verifySignature } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { calculateJwkThumbprint, importJWK, type JWK } from "jose";
import { NextRequest } from "next/server";
import { Webhook as StandardWebhook } from "standardwebhooks";
import Stripe from "stripe";
import { Webhook as SvixWebhook } from "svix";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as jwksRoute from "@/app/.well-known/switchboard/webhook-keys/[file]/route";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { generateWebhookSecret } from "@/lib/webhooks/secret";
import { publishedWebhookKeySet } from "@/lib/webhooks/signing-keys";
import { runOnce } from "@/lib/webhooks/worker";
import { call, insertKey } from "../support/api";
import { callsWorkspace } from "../support/calls";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";

/*
 * Each signature scheme, delivered by the real worker to a real loopback receiver that
 * verifies with the scheme's own reference implementation: Stripe's SDK for `switchboard`,
 * the `standardwebhooks` and `svix` libraries for `standard`, and for `standard-ed25519` the
 * public keys fetched over HTTP from the published JWKS (imported with jose, verified with
 * node:crypto). Each also during a rotation.
 */

interface Hit {
  headers: IncomingHttpHeaders;
  body: Buffer;
  verdict: string;
}
let receiver: Server;
let receiverUrl: string;
/** The receiver's check: throws to refuse. Swapped per test. */
let check: (body: Buffer, headers: IncomingHttpHeaders) => void | Promise<void> = () => undefined;
const hits: Hit[] = [];
/** Serves the app's JWKS route over real HTTP, as a receiver would fetch it. */
let keyHost: Server;
let keyHostOrigin: string;
let database: TestDatabase;
let ws: Awaited<ReturnType<typeof callsWorkspace>>;
let key: string;

const headerOf = (headers: IncomingHttpHeaders, name: string) => String(headers[name] ?? "");
const flat = (headers: IncomingHttpHeaders) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)]));

beforeAll(async () => {
  await useTestEnv({ OUTBOUND_ALLOW_LOOPBACK: "true" });
  database = await createTestDatabase();
  ws = await callsWorkspace("schemes-a");
  key = (await insertKey(ws.workspace.id, { mode: "test", scopes: ["webhooks:manage", "test_calls:run"] })).key;
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks);
      try {
        await check(body, req.headers);
        hits.push({ headers: req.headers, body, verdict: "ok" });
        res.writeHead(200).end("ok");
      } catch (err) {
        hits.push({ headers: req.headers, body, verdict: err instanceof Error ? err.message : String(err) });
        res.writeHead(400).end("refused");
      }
    });
  });
  keyHost = createServer(async (req, res) => {
    const file = /^\/\.well-known\/switchboard\/webhook-keys\/([^/]+)$/.exec(req.url ?? "")?.[1] ?? "";
    const answer = await jwksRoute.GET(new NextRequest(`http://localhost${req.url}`), { params: Promise.resolve({ file }) });
    res.writeHead(answer.status, Object.fromEntries(answer.headers)).end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  await new Promise<void>((resolve) => keyHost.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  keyHostOrigin = `http://127.0.0.1:${(keyHost.address() as AddressInfo).port}`;
});
afterAll(async () => {
  receiver.closeAllConnections();
  receiver.close();
  keyHost.close();
  await database.close();
});
beforeEach(async () => {
  hits.length = 0;
  check = () => undefined;
  await db().webhookDelivery.deleteMany({});
  await db().webhookEndpoint.updateMany({ data: { enabled: false } });
});

async function createEndpoint(body: Record<string, unknown> = {}) {
  const res = await call("POST /webhook-endpoints", { key, body: { url: receiverUrl, events: ["call.completed"], ...body } });
  expect(res.status, res.text).toBe(201);
  return res.json as unknown as { id: string; secret: string; standard_secret: string; signature_scheme: string; signing_keys_url: string | null };
}

/** A test call's call.completed event, delivered by one worker pass; answers what the receiver saw. */
async function deliverOne(at?: Date): Promise<Hit> {
  const res = await call("POST /test-calls", { key, body: { status: "completed", caller: "+2348035550789" } });
  expect(res.status).toBe(201);
  hits.length = 0;
  const now = at ?? new Date();
  expect(await runOnce({ now: () => now })).toBe(1);
  expect(hits).toHaveLength(1);
  return hits[0]!;
}

async function rotateSecret(id: string) {
  const res = await call("POST /webhook-endpoints/{id}/rotate-secret", { key, params: { id }, body: { grace_period_hours: 24 } });
  expect(res.status).toBe(200);
  return res.json as unknown as { secret: string; standard_secret: string };
}

/** The JWKS exactly as a receiver gets it: over HTTP from the endpoint's signing_keys_url. */
async function fetchKeySet(signingKeysUrl: string) {
  const res = await fetch(signingKeysUrl.replace(config().APP_URL, keyHostOrigin));
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/jwk-set+json");
  expect(res.headers.get("cache-control")).toBe("public, max-age=300");
  const jwks = (await res.json()) as { keys: (JWK & { kid: string })[] };
  const keys = await Promise.all(
    jwks.keys.map(async (jwk) => {
      expect(jwk).toMatchObject({ kty: "OKP", crv: "Ed25519", use: "sig", alg: "EdDSA" });
      expect(Object.keys(jwk).sort()).toEqual(["alg", "crv", "kid", "kty", "use", "x"]);
      expect(jwk.kid).toBe(await calculateJwkThumbprint(jwk));
      return KeyObject.from((await importJWK(jwk, "EdDSA")) as CryptoKey);
    }),
  );
  return { jwks, keys };
}

/** Standard Webhooks' v1a check: some `v1a,` signature verifies over `<id>.<timestamp>.<body>` with some key. */
function verifyV1a(body: Buffer, headers: IncomingHttpHeaders, keys: KeyObject[]) {
  const signed = Buffer.concat([Buffer.from(`${headerOf(headers, "webhook-id")}.${headerOf(headers, "webhook-timestamp")}.`), body]);
  const signatures = headerOf(headers, "webhook-signature").split(" ");
  const ok = signatures.some((entry) => entry.startsWith("v1a,") && keys.some((k) => verifySignature(null, signed, k, Buffer.from(entry.slice(4), "base64"))));
  if (!ok) throw new Error("no v1a signature verifies");
}

describe("signature_scheme: switchboard (the default)", () => {
  it("is the scheme of an endpoint created without one; Stripe's SDK verifies deliveries, with either secret during a rotation", async () => {
    const endpoint = await createEndpoint();
    expect(endpoint).toMatchObject({ signature_scheme: "switchboard", signing_keys_url: null });
    const stripe = new Stripe("sk_test_x");
    let secrets = [endpoint.secret];
    check = (body, headers) => {
      for (const secret of secrets) stripe.webhooks.constructEvent(body, headerOf(headers, "x-switchboard-signature"), secret);
    };
    const plain = await deliverOne();
    expect(plain.verdict).toBe("ok");
    expect(plain.headers["webhook-signature"]).toBeUndefined();

    const rotated = await rotateSecret(endpoint.id);
    secrets = [rotated.secret, endpoint.secret];
    const during = await deliverOne();
    expect(during.verdict).toBe("ok");
    expect(headerOf(during.headers, "x-switchboard-signature").match(/v1=/g)).toHaveLength(2);

    // A secret that never signed is refused by the same receiver.
    secrets = [generateWebhookSecret()];
    expect((await deliverOne()).verdict).toMatch(/signature/i);
  });
});

describe("signature_scheme: standard (Standard Webhooks 1.0)", () => {
  it("is verified by the standardwebhooks and svix libraries given standard_secret, with either secret during a rotation", async () => {
    const endpoint = await createEndpoint({ signature_scheme: "standard" });
    expect(endpoint).toMatchObject({ signature_scheme: "standard", signing_keys_url: null });
    expect(endpoint.standard_secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(endpoint.standard_secret.slice(6), "base64")).toEqual(Buffer.from(endpoint.secret.slice(6), "base64url"));
    let secrets = [endpoint.standard_secret];
    check = (body, headers) => {
      for (const secret of secrets) {
        const fromStandard = new StandardWebhook(secret).verify(body.toString("utf8"), flat(headers)) as { id: string };
        const fromSvix = new SvixWebhook(secret).verify(body, flat(headers)) as { id: string };
        if (fromStandard.id !== headers["webhook-id"] || fromSvix.id !== headers["webhook-id"]) throw new Error("id mismatch");
      }
    };
    const plain = await deliverOne();
    expect(plain.verdict).toBe("ok");
    expect(plain.headers["x-switchboard-signature"]).toBeUndefined();
    expect(headerOf(plain.headers, "webhook-id")).toMatch(/^evt_/);
    expect(headerOf(plain.headers, "webhook-signature")).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);

    const rotated = await rotateSecret(endpoint.id);
    secrets = [rotated.standard_secret, endpoint.standard_secret];
    const during = await deliverOne();
    expect(during.verdict).toBe("ok");
    const [first, second] = headerOf(during.headers, "webhook-signature").split(" ");
    expect(second).toBeDefined();
    // New first: the first value is the new secret's own signature.
    const timestamp = new Date(Number(headerOf(during.headers, "webhook-timestamp")) * 1000);
    expect(first).toBe(new StandardWebhook(rotated.standard_secret).sign(headerOf(during.headers, "webhook-id"), timestamp, during.body.toString("utf8")));

    // A secret that never signed is refused by the same receiver.
    secrets = [`whsec_${Buffer.alloc(32, 7).toString("base64")}`];
    expect((await deliverOne()).verdict).toMatch(/No matching signature/);
  });

  it("the secret as shown (base64url) is not what these libraries take when it holds - or _: standard_secret is", () => {
    let secret = generateWebhookSecret();
    while (!/[-_]/.test(secret.slice(6))) secret = generateWebhookSecret();
    expect(() => new StandardWebhook(secret)).toThrow();
    expect(() => new SvixWebhook(secret)).toThrow();
  });
});

describe("signature_scheme: standard-ed25519 (v1a)", () => {
  it("PATCH switches an endpoint to it; deliveries verify with the keys fetched from its signing_keys_url, also during a key rotation", async () => {
    const created = await createEndpoint();
    const patched = await call("PATCH /webhook-endpoints/{id}", { key, params: { id: created.id }, body: { signature_scheme: "standard-ed25519" } });
    expect(patched.status).toBe(200);
    const signingKeysUrl = `${config().APP_URL}/.well-known/switchboard/webhook-keys/${ws.workspace.id}.json`;
    expect(patched.json).toMatchObject({ signature_scheme: "standard-ed25519", signing_keys_url: signingKeysUrl });
    expect((await call("GET /webhook-endpoints/{id}", { key, params: { id: created.id } })).json).toMatchObject({ signature_scheme: "standard-ed25519" });

    const before = await fetchKeySet(signingKeysUrl);
    expect(before.jwks.keys).toHaveLength(1);
    const api = await call("GET /webhook-signing-keys", { key });
    expect(api.json).toEqual({ signing_keys_url: signingKeysUrl, keys: before.jwks.keys, previous_key_expires_at: null });

    check = (body, headers) => verifyV1a(body, headers, before.keys);
    const plain = await deliverOne();
    expect(plain.verdict).toBe("ok");
    expect(headerOf(plain.headers, "webhook-signature")).toMatch(/^v1a,[A-Za-z0-9+/]{86}==$/);
    expect(plain.headers["x-switchboard-signature"]).toBeUndefined();

    const rotatedAt = new Date();
    const rotation = await call("POST /webhook-signing-keys/rotate", { key, body: { grace_period_hours: 24 } });
    expect(rotation.status).toBe(200);
    const after = await fetchKeySet(signingKeysUrl);
    expect(after.jwks.keys).toHaveLength(2);
    expect(after.jwks.keys[1]).toEqual(before.jwks.keys[0]);
    expect(rotation.json).toMatchObject({ keys: after.jwks.keys });
    expect(Date.parse(String(rotation.json.previous_key_expires_at)) - rotatedAt.getTime()).toBeGreaterThan(24 * 3_600_000 - 60_000);
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "webhook_signing_key.rotated", workspaceId: ws.workspace.id } });
    expect(audit.targetId).toBe(after.jwks.keys[0]!.kid);

    // During the grace window: two v1a signatures, new key first. A receiver still holding
    // the JWKS it cached before the rotation verifies; so does one with the fresh JWKS.
    check = (body, headers) => verifyV1a(body, headers, before.keys);
    const stale = await deliverOne();
    expect(stale.verdict).toBe("ok");
    const [newest, previous] = headerOf(stale.headers, "webhook-signature").split(" ");
    expect(previous).toBeDefined();
    const onlyFirst = { ...stale.headers, "webhook-signature": newest };
    expect(() => verifyV1a(stale.body, onlyFirst, [after.keys[0]!])).not.toThrow();
    expect(() => verifyV1a(stale.body, onlyFirst, before.keys)).toThrow();

    // After the grace window the previous key neither signs nor is published.
    const later = new Date(Date.now() + 25 * 3_600_000);
    check = (body, headers) => verifyV1a(body, headers, [after.keys[0]!]);
    const afterGrace = await deliverOne(later);
    expect(afterGrace.verdict).toBe("ok");
    expect(headerOf(afterGrace.headers, "webhook-signature").split(" ")).toHaveLength(1);
    expect((await publishedWebhookKeySet(ws.workspace.id, later)).keys).toEqual([after.jwks.keys[0]]);
  });

  it("a rotation without grace stops the previous key at once", async () => {
    const first = await fetchKeySet(`${config().APP_URL}/.well-known/switchboard/webhook-keys/${ws.workspace.id}.json`);
    const rotation = await call("POST /webhook-signing-keys/rotate", { key, body: { grace_period_hours: 0 } });
    expect(rotation.status).toBe(200);
    const keys = rotation.json.keys as { kid: string }[];
    expect(keys).toHaveLength(1);
    expect(first.jwks.keys.map((k) => k.kid)).not.toContain(keys[0]!.kid);
    expect(rotation.json.previous_key_expires_at).toBeNull();
  });

  it("each workspace has its own keys; an unknown workspace's key set is a 404 envelope", async () => {
    const other = await callsWorkspace("schemes-b");
    const mine = await publishedWebhookKeySet(ws.workspace.id);
    const theirs = await publishedWebhookKeySet(other.workspace.id);
    expect(theirs.keys.map((k) => k.kid)).not.toContain(mine.keys[0]!.kid);
    const otherKey = (await insertKey(other.workspace.id, { mode: "test", scopes: ["webhooks:manage"] })).key;
    expect((await call("GET /webhook-signing-keys", { key: otherKey })).json).toMatchObject({ keys: theirs.keys });

    for (const file of ["00000000-0000-4000-8000-000000000000.json", "not-a-workspace.json", `${ws.workspace.id}.txt`]) {
      const res = await fetch(`${keyHostOrigin}/.well-known/switchboard/webhook-keys/${file}`);
      expect(res.status, file).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    }
  });
});

describe("signature_scheme validation", () => {
  it("an unknown scheme is a VALIDATION_FAILED envelope on create and on PATCH, and changes nothing", async () => {
    const create = await call("POST /webhook-endpoints", { key, body: { url: receiverUrl, events: ["call.completed"], signature_scheme: "hmac-md5" } });
    expect(create.status).toBe(400);
    expect(create.json.error).toMatchObject({ code: "VALIDATION_FAILED" });
    expect(JSON.stringify(create.json.error)).toContain("signature_scheme");

    const endpoint = await createEndpoint({ signature_scheme: "standard" });
    for (const bad of ["Standard", "", null, 1]) {
      const patch = await call("PATCH /webhook-endpoints/{id}", { key, params: { id: endpoint.id }, body: { signature_scheme: bad } });
      expect(patch.status).toBe(400);
      expect(patch.json.error).toMatchObject({ code: "VALIDATION_FAILED" });
    }
    expect((await call("GET /webhook-endpoints/{id}", { key, params: { id: endpoint.id } })).json).toMatchObject({ signature_scheme: "standard" });
    const back = await call("PATCH /webhook-endpoints/{id}", { key, params: { id: endpoint.id }, body: { signature_scheme: "switchboard" } });
    expect(back.json).toMatchObject({ signature_scheme: "switchboard", signing_keys_url: null });
  });
});
