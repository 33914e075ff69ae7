import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/security/leaked-keys/route";
import { generateKey } from "@/lib/api-keys/format";
import { resetConfigForTests } from "@/lib/config";
import { db } from "@/lib/db/client";
import { PEER_HEADER } from "@/lib/security/client-ip";
import { call, insertKey } from "../support/api";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { createUser } from "../support/users";

/**
 * Issue 19 item 7: GitHub's secret-scanning partner reports. The test plays GitHub with its
 * own P-256 key pair (GitHub's real keys are published at
 * https://api.github.com/meta/public_keys/secret_scanning and configured the same way).
 */
const pair = () => generateKeyPairSync("ec", { namedCurve: "P-256" });
const github = pair();
const stranger = pair();
const KEY_ID = "90a421169f0a406205f1563a953312f0be898d3c7b6c06b681aa86a874555f4a";
const pem = (k: KeyObject) => k.export({ type: "spki", format: "pem" }).toString();
const sign = (body: string, key: KeyObject = github.privateKey) => createSign("SHA256").update(body).sign(key).toString("base64");

let database: TestDatabase;
let workspaceId: string;
const OWNERS = ["owner1@leak.test", "owner2@leak.test"];

beforeAll(async () => {
  // GitHub's own document shape ({"public_keys": [...]}), as fetched from its meta endpoint.
  await useTestEnv({
    SECRET_SCANNING_PUBLIC_KEYS: JSON.stringify({ public_keys: [{ key_identifier: KEY_ID, key: pem(github.publicKey), is_current: true }] }),
    RATE_LIMIT_LEAK_REPORT_REQUESTS: "5",
  });
  database = await createTestDatabase();
  await createUser(OWNERS[0]!, { workspaceSlug: "leak" });
  workspaceId = (await db().workspace.findUniqueOrThrow({ where: { slug: "leak" } })).id;
  await createUser(OWNERS[1]!, { workspaceSlug: "leak", role: "owner" });
  await createUser("admin@leak.test", { workspaceSlug: "leak", role: "admin" });
});
afterAll(async () => database.close());

async function report(body: string, headers: Record<string, string | undefined>, peer = "192.0.2.10") {
  const h: Record<string, string> = { "content-type": "application/json", [PEER_HEADER]: peer };
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) h[k] = v;
  const response = await POST(new NextRequest("http://localhost/api/security/leaked-keys", { method: "POST", body, headers: h }));
  return { status: response.status, headers: response.headers, json: (await response.json()) as unknown };
}
const signed = (body: string, peer?: string) => report(body, { "Github-Public-Key-Identifier": KEY_ID, "Github-Public-Key-Signature": sign(body) }, peer);
const leak = (token: string, url = "https://github.com/octocat/Hello-World/blob/1234/config.js") => ({ token, type: "switchboard_api_key", url, source: "content" });

describe("leaked-key reports", () => {
  it("a correctly signed report revokes our live key at once, audits it as the system, records it, emails every owner and answers GitHub's format", async () => {
    const { key, id } = await insertKey(workspaceId, { scopes: ["calls:read"] });
    expect((await call("GET /phone-numbers", { key })).status).not.toBe(401);
    const madeUp = generateKey("live", "sk");
    // One character changed — never to itself (a key ending in "x" made this the key, 1 run in 62).
    const altered = `${key.slice(0, -1)}${key.endsWith("x") ? "y" : "x"}`;
    const body = JSON.stringify([leak(key), leak(madeUp), leak("ghp_notours"), leak(altered)]);
    const res = await signed(body);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
    expect(res.json).toEqual([
      { token_raw: key, token_type: "switchboard_api_key", label: "true_positive" },
      { token_raw: madeUp, token_type: "switchboard_api_key", label: "false_positive" },
      { token_raw: "ghp_notours", token_type: "switchboard_api_key", label: "false_positive" },
      { token_raw: altered, token_type: "switchboard_api_key", label: "false_positive" },
    ]);
    const row = await db().apiKey.findUniqueOrThrow({ where: { id } });
    expect(row.revokedAt).not.toBeNull();
    expect(row.revokedReason).toBe("leaked");
    const revokedCall = await call("GET /phone-numbers", { key });
    expect(revokedCall.status).toBe(401);
    expect(revokedCall.json.error?.code).toBe("INVALID_API_KEY");

    const audit = await db().auditLog.findFirstOrThrow({ where: { workspaceId, action: "api_key.revoked", targetId: id } });
    expect(audit).toMatchObject({ actorType: "system", actorLabel: "GitHub secret scanning" });
    const event = await db().securityEvent.findFirstOrThrow({ where: { workspaceId, type: "api_key_leaked" } });
    expect(event.details).toMatchObject({ key_id: id, outcome: "revoked", found_at: "https://github.com/octocat/Hello-World/blob/1234/config.js", source: "content" });
    expect(JSON.stringify(event.details)).not.toContain(key);
    for (const owner of OWNERS) {
      const mail = await db().outboxEmail.findFirstOrThrow({ where: { to: owner } });
      expect(mail.text).toContain("https://github.com/octocat/Hello-World/blob/1234/config.js");
      expect(mail.text).toContain("revoked");
      expect(mail.text).not.toContain(key);
    }
    expect(await db().outboxEmail.count({ where: { to: "admin@leak.test" } })).toBe(0);

    // GitHub may report the same token again: still ours, nothing revoked, audited or emailed twice.
    expect((await signed(JSON.stringify([leak(key)]), "192.0.2.11")).json).toEqual([{ token_raw: key, token_type: "switchboard_api_key", label: "true_positive" }]);
    expect(await db().auditLog.count({ where: { action: "api_key.revoked", targetId: id } })).toBe(1);
    expect(await db().outboxEmail.count({ where: { to: OWNERS[0] } })).toBe(1);
  });

  it("an expired key is labelled ours but not revoked again; a test-mode key is revoked like a live one", async () => {
    const expired = await insertKey(workspaceId, { scopes: ["calls:read"], expiresAt: new Date(Date.now() - 1000) });
    const testKey = await insertKey(workspaceId, { mode: "test", scopes: ["calls:read"] });
    const res = await signed(JSON.stringify([leak(expired.key), leak(testKey.key)]), "192.0.2.12");
    expect((res.json as { label: string }[]).map((f) => f.label)).toEqual(["true_positive", "true_positive"]);
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: expired.id } })).revokedAt).toBeNull();
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: testKey.id } })).revokedReason).toBe("leaked");
  });

  const refusals: [string, (body: string) => Record<string, string | undefined>, number, string, string][] = [
    ["unsigned", () => ({}), 400, "VALIDATION_FAILED", "unsigned"],
    ["signature header without the key id", (b) => ({ "Github-Public-Key-Signature": sign(b) }), 400, "VALIDATION_FAILED", "unsigned"],
    ["signature that is not base64", () => ({ "Github-Public-Key-Identifier": KEY_ID, "Github-Public-Key-Signature": "not a signature!" }), 400, "VALIDATION_FAILED", "malformed_signature"],
    ["forged: signed with another key under GitHub's key id", (b) => ({ "Github-Public-Key-Identifier": KEY_ID, "Github-Public-Key-Signature": sign(b, stranger.privateKey) }), 401, "UNAUTHENTICATED", "bad_signature"],
    ["unknown key id", (b) => ({ "Github-Public-Key-Identifier": "0".repeat(64), "Github-Public-Key-Signature": sign(b) }), 401, "UNAUTHENTICATED", "unknown_key"],
    ["a valid signature of another body", () => ({ "Github-Public-Key-Identifier": KEY_ID, "Github-Public-Key-Signature": sign("[]") }), 401, "UNAUTHENTICATED", "bad_signature"],
  ];
  it.each(refusals)("%s: refused in our envelope, recorded as a security event, nothing revoked", async (_label, headersFor, status, code, reason) => {
    const { key, id } = await insertKey(workspaceId, { scopes: ["calls:read"] });
    const body = JSON.stringify([leak(key)]);
    const peer = `198.51.100.${refusals.findIndex((r) => r[4] === reason && r[0] === _label) + 1}`;
    const res = await report(body, headersFor(body), peer);
    expect(res.status).toBe(status);
    expect(res.json).toMatchObject({ error: { code, request_id: expect.stringMatching(/^req_/) } });
    expect((await db().apiKey.findUniqueOrThrow({ where: { id } })).revokedAt).toBeNull();
    const event = await db().securityEvent.findFirstOrThrow({ where: { type: "invalid_signature", ip: peer } });
    expect(event.details).toMatchObject({ kind: "github_secret_scanning", reason });
  });

  it("a signed body that is not a report is refused with 400 and revokes nothing", async () => {
    for (const body of ["{}", "[]", "not json", JSON.stringify([{ token: 1 }])]) {
      const res = await signed(body, "192.0.2.20");
      expect(res.status, body).toBe(400);
    }
  });

  it("is rate-limited per client IP", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await report("[]", {}, "203.0.113.99")).status);
    expect(statuses.slice(0, 5).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429]);
    // Another address is unaffected.
    expect((await report("[]", {}, "203.0.113.100")).status).toBe(400);
  });

  it("answers 404 when no secret-scanning keys are configured", async () => {
    delete process.env.SECRET_SCANNING_PUBLIC_KEYS;
    resetConfigForTests();
    const body = JSON.stringify([leak(generateKey("live", "sk"))]);
    expect((await signed(body, "192.0.2.30")).status).toBe(404);
  });
});
