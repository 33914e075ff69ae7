import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { base62Checksum, generateKey, parseKey } from "@/lib/api-keys/format";
import { createApiKey } from "@/lib/api-keys/keys";
import { flushKeyUses } from "@/lib/api-keys/last-used";
import { authorizeMember } from "@/lib/authz/context";
import { PERMISSIONS } from "@/lib/authz/permissions";
import { db } from "@/lib/db/client";
import { call, insertKey } from "../support/api";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { client, createUser } from "../support/users";

let database: TestDatabase;
let a: string;
let b: string;
let liveKey: string;
let testKey: string;
beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
  await createUser("owner@a.test", { workspaceSlug: "ws-a" });
  await createUser("admin@a.test", { workspaceSlug: "ws-a", role: "admin" });
  await createUser("owner@b.test", { workspaceSlug: "ws-b" });
  a = (await db().workspace.findUniqueOrThrow({ where: { slug: "ws-a" } })).id;
  b = (await db().workspace.findUniqueOrThrow({ where: { slug: "ws-b" } })).id;
  liveKey = (await insertKey(a, { mode: "live", scopes: [...PERMISSIONS] })).key;
  testKey = (await insertKey(a, { mode: "test", scopes: [...PERMISSIONS] })).key;
  await db().phoneNumber.createMany({
    data: [
      { workspaceId: a, number: "+2348035550101", mode: "live" },
      { workspaceId: a, number: "+14155550142", mode: "test" },
      { workspaceId: b, number: "+442079460123", mode: "live" },
    ],
  });
});
afterAll(async () => database.close());

describe("key format", () => {
  it("is sb_{mode}_{type}_ + 32 base62 + a 6-character base62 CRC-32 checksum", () => {
    const key = generateKey("live", "sk");
    expect(key).toMatch(/^sb_live_sk_[0-9A-Za-z]{38}$/);
    expect(base62Checksum(key.slice(0, -6))).toBe(key.slice(-6));
    expect(parseKey(key)).toMatchObject({ mode: "live", type: "sk", last4: key.slice(-4) });
    const typo = key.slice(0, 20) + (key[20] === "a" ? "b" : "a") + key.slice(21);
    expect(parseKey(typo)).toBeNull();
  });
});

describe("authentication answers", () => {
  const code = async (key: string | undefined, query?: string) => {
    const r = await call("GET /phone-numbers", { key, query });
    return [r.status, r.json?.error?.code ?? "ok"];
  };

  it("missing, malformed, bad-checksum, unknown, expired and revoked keys → 401 INVALID_API_KEY", async () => {
    const valid = generateKey("live", "sk");
    const badChecksum = valid.slice(0, -1) + (valid.endsWith("0") ? "1" : "0");
    const expired = (await insertKey(a, { scopes: ["calls:read"], expiresAt: new Date(Date.now() - 1000) })).key;
    const revoked = (await insertKey(a, { scopes: ["calls:read"], revokedAt: new Date() })).key;
    for (const key of [undefined, "", "sb_live_sk_short", "Bearer xyz", badChecksum, valid, expired, revoked]) {
      expect(await code(key), String(key)).toEqual([401, "INVALID_API_KEY"]);
    }
    expect(await code(liveKey)).toEqual([200, "ok"]);
  });

  it("a key in the query string is refused first, even with a valid header", async () => {
    for (const name of ["api_key", "apikey", "KEY", "Token", "access_token"]) {
      expect(await code(liveKey, `${name}=${liveKey}`)).toEqual([400, "API_KEY_IN_QUERY"]);
    }
    expect(await code(undefined, `api_key=whatever`)).toEqual([400, "API_KEY_IN_QUERY"]);
  });

  it("revocation takes effect on the next request", async () => {
    const { key, id } = await insertKey(a, { scopes: ["calls:read"] });
    expect(await code(key)).toEqual([200, "ok"]);
    await db().apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    expect(await code(key)).toEqual([401, "INVALID_API_KEY"]);
  });

  it("last use is recorded without being awaited by the request", async () => {
    const { key, id } = await insertKey(a, { scopes: ["calls:read"] });
    await call("GET /phone-numbers", { key });
    await flushKeyUses();
    expect((await db().apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).not.toBeNull();
  });
});

describe("scopes, modes and workspaces", () => {
  it("a test key sees only test data and a live key only live data", async () => {
    const live = await call("GET /phone-numbers", { key: liveKey });
    const test = await call("GET /phone-numbers", { key: testKey });
    expect((live.json.data as { mode: string }[]).every((n) => n.mode === "live")).toBe(true);
    expect((test.json.data as { number: string }[]).map((n) => n.number)).toEqual(["+14155550142"]);
    const created = await call("POST /phone-numbers", { key: testKey, body: { number: "+14155550199" } });
    expect(created.json).toMatchObject({ mode: "test" });
    expect(((await call("GET /phone-numbers", { key: liveKey })).json.data as { number: string }[]).map((n) => n.number)).not.toContain("+14155550199");
  });

  it("a key of workspace A never sees workspace B's objects", async () => {
    const numbers = (await call("GET /phone-numbers", { key: liveKey, query: "limit=100" })).json.data as { number: string }[];
    expect(numbers.map((n) => n.number)).not.toContain("+442079460123");
    const audit = (await call("GET /audit-logs", { key: liveKey, query: "limit=100" })).json.data as { target: { id: string } }[];
    const bIds = (await db().phoneNumber.findMany({ where: { workspaceId: b } })).map((n) => n.id);
    expect(audit.some((r) => bIds.includes(r.target.id))).toBe(false);
  });

  it("another workspace's object, or the other mode's, is 404 — never 403, never its data", async () => {
    const theirs = await db().phoneNumber.findFirstOrThrow({ where: { workspaceId: b } });
    const ours = await db().phoneNumber.findFirstOrThrow({ where: { workspaceId: a, mode: "live" } });
    const ourTest = await db().phoneNumber.findFirstOrThrow({ where: { workspaceId: a, mode: "test" } });
    const get = (id: string, key = liveKey) => call("GET /phone-numbers/{id}", { key, params: { id } });
    const foreign = await get(theirs.id);
    expect([foreign.status, foreign.json.error?.code]).toEqual([404, "NOT_FOUND"]);
    expect(foreign.text).not.toContain(theirs.number);
    expect((await get(ourTest.id)).status).toBe(404);
    expect((await get("not-a-uuid")).status).toBe(404);
    expect((await get(ours.id)).json).toMatchObject({ id: ours.id, number: ours.number });
  });

  it("a public key cannot write; narrower scopes are enforced", async () => {
    const pk = (await insertKey(a, { type: "pk", scopes: ["calls:read"] })).key;
    expect((await call("GET /phone-numbers", { key: pk })).status).toBe(200);
    const write = await call("POST /phone-numbers", { key: pk, body: { number: "+2348035550111" } });
    expect([write.status, write.json.error?.code]).toEqual([403, "INSUFFICIENT_SCOPE"]);
    const narrow = (await insertKey(a, { scopes: ["calls:read"] })).key;
    expect((await call("POST /phone-numbers", { key: narrow, body: { number: "+2348035550112" } })).json.error?.code).toBe("INSUFFICIENT_SCOPE");
    expect((await call("GET /audit-logs", { key: narrow })).json.error?.code).toBe("INSUFFICIENT_SCOPE");
  });

  it("a key wider than its creator cannot be created", async () => {
    const admin = (await authorizeMember((await db().user.findUniqueOrThrow({ where: { email: "admin@a.test" } })), "ws-a", client))!;
    await expect(createApiKey(admin, { name: "too wide", type: "sk", mode: "live", scopes: ["billing:manage"] })).rejects.toThrow(/billing:manage/);
    await expect(createApiKey(admin, { name: "pk write", type: "pk", mode: "live", scopes: ["numbers:manage"] })).rejects.toThrow(/read-only/);
    const ok = await createApiKey(admin, { name: "fine", type: "sk", mode: "test", scopes: ["calls:read", "numbers:manage"] });
    expect(ok.key).toMatch(/^sb_test_sk_/);
  });

  it("a public key answers a browser only from an allow-listed origin", async () => {
    const pk = (await insertKey(a, { type: "pk", scopes: ["calls:read"] })).key;
    const denied = await call("GET /phone-numbers", { key: pk, headers: { origin: "https://evil.example" } });
    expect(denied.status).toBe(403);
    expect(denied.headers.get("access-control-allow-origin")).toBeNull();
    await db().workspace.update({ where: { id: a }, data: { corsOrigins: ["https://app.a.test"] } });
    const allowed = await call("GET /phone-numbers", { key: pk, headers: { origin: "https://app.a.test" } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.a.test");
    const secretFromBrowser = await call("GET /phone-numbers", { key: liveKey, headers: { origin: "https://app.a.test" } });
    expect(secretFromBrowser.status).toBe(403);
  });
});

describe("input", () => {
  it("duplicate parameters, unknown fields, bad numbers and bad cursors are 400 with the envelope", async () => {
    const cases: [Parameters<typeof call>[0], Parameters<typeof call>[1], string][] = [
      ["GET /phone-numbers", { key: liveKey, query: "limit=1&limit=2" }, "DUPLICATE_PARAMETER"],
      ["GET /phone-numbers", { key: liveKey, query: "limit=5&sort=desc" }, "VALIDATION_FAILED"],
      ["GET /phone-numbers", { key: liveKey, query: "cursor=bm90LWpzb24" }, "VALIDATION_FAILED"],
      ["GET /audit-logs", { key: liveKey, query: `cursor=${Buffer.from(JSON.stringify({ at: new Date().toISOString(), id: "1 OR 1=1" })).toString("base64url")}` }, "VALIDATION_FAILED"],
      ["POST /phone-numbers", { key: liveKey, body: { number: "+2348035550113", admin: true } }, "VALIDATION_FAILED"],
      ["POST /phone-numbers", { key: liveKey, body: { number: "08035550113" } }, "VALIDATION_FAILED"],
      ["POST /phone-numbers", { key: liveKey, rawBody: "{oops" }, "INVALID_JSON"],
      ["POST /phone-numbers", { key: liveKey, rawBody: JSON.stringify({ number: "+1", label: "x".repeat(5000) }) }, "PAYLOAD_TOO_LARGE"],
    ];
    for (const [route, init, expected] of cases) {
      const r = await call(route, init);
      expect(r.json.error?.code, `${route} ${JSON.stringify(init).slice(0, 80)}`).toBe(expected);
      expect(r.json.error?.request_id).toBe(r.headers.get("x-request-id"));
    }
  });

  it("paginates with keyset cursors", async () => {
    for (let i = 0; i < 5; i++) await call("POST /phone-numbers", { key: liveKey, body: { number: `+23480355502${i}0` } });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await call("GET /phone-numbers", { key: liveKey, query: `limit=2${cursor ? `&cursor=${cursor}` : ""}` });
      seen.push(...(r.json.data as { id: string }[]).map((n) => n.id));
      cursor = r.json.next_cursor as string | null;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(await db().phoneNumber.count({ where: { workspaceId: a, mode: "live" } }));
  });
});

describe("storage", () => {
  it("no text column of the database holds a plaintext key", async () => {
    const columns = await db().$queryRaw<{ table_name: string; column_name: string }[]>`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'character', 'jsonb', 'json', 'ARRAY')`;
    const secrets = [liveKey, testKey, liveKey.slice(11, 43)];
    for (const { table_name, column_name } of columns) {
      const rows = await db().$queryRawUnsafe<{ v: string | null }[]>(`SELECT "${column_name}"::text AS v FROM "${table_name}"`);
      for (const { v } of rows) for (const s of secrets) expect(v ?? "", `${table_name}.${column_name}`).not.toContain(s);
    }
  });
});
