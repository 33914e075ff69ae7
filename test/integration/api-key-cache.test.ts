import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { clearVerifiedKeysForTests } from "@/lib/api-keys/authenticate";
import { db } from "@/lib/db/client";
import { PrismaClient } from "@/lib/db/generated/client";
import { postgresDatabase } from "@/lib/db/adapter";
import { PEER_HEADER } from "@/lib/security/client-ip";
import { call, insertKey } from "../support/api";
import { createTestDatabase, queriesDuring, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { createUser } from "../support/users";

/**
 * Decision 054: the verified-key cache never outlives a change. With the cache warm, a
 * revocation, a scope change, an allowlist change, a roll's expiry and a suspension made by
 * any connection — another instance's pool included — take effect on the very next request,
 * through the real /api/v1 route handlers. The control case shows the cache really is warm:
 * a change made with the epoch triggers switched off is not seen, so these tests would fail
 * without the invalidation.
 */
let database: TestDatabase;
let workspaceId: string;
/** A second instance's client: its own pool on the same database (PostgreSQL only). */
let other: { prisma: PrismaClient; close(): Promise<void> } | null = null;

beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
  await createUser("owner@cache.test", { workspaceSlug: "ws-cache" });
  workspaceId = (await db().workspace.findUniqueOrThrow({ where: { slug: "ws-cache" } })).id;
  await db().phoneNumber.create({ data: { workspaceId, number: "+2348035550199", mode: "live" } });
  if (database.url) {
    const second = postgresDatabase(database.url, 2);
    const prisma = new PrismaClient({ adapter: second.factory });
    other = { prisma, close: async () => (await prisma.$disconnect(), await second.close()) };
  }
});
afterAll(async () => {
  await other?.close();
  await database?.close();
});
beforeEach(() => clearVerifiedKeysForTests());

const read = (key: string, ip = "203.0.113.7") => call("GET /phone-numbers", { key, headers: { [PEER_HEADER]: ip } });

/** A key whose next read is answered from the cache: two good reads, the second sending no key lookup (by key_hash). */
async function warmKey(extra: { allowedCidrs?: string[] } = {}) {
  const { key, id } = await insertKey(workspaceId, { scopes: ["calls:read"] });
  if (extra.allowedCidrs) await db().apiKey.update({ where: { id }, data: { allowedCidrs: extra.allowedCidrs } });
  expect((await read(key)).status).toBe(200);
  const statements = await queriesDuring(async () => expect((await read(key)).status).toBe(200));
  expect(statements.some((sql) => sql.includes("key_hash"))).toBe(false);
  return { key, id };
}

/** The client another instance would change the key through (the app's own on PGlite, which is one process). */
const writer = () => other?.prisma ?? db();

describe("the verified-key cache (decision 054)", () => {
  it("is warm: a change made with the epoch triggers off is not seen (the control for the tests below)", async () => {
    const { key, id } = await warmKey();
    await db().$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL session_replication_role = replica");
      await tx.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    });
    expect((await read(key)).status).toBe(200);
    // Any later change to the key's decision moves the epoch, and the revocation is seen with it.
    await writer().workspace.update({ where: { id: workspaceId }, data: { name: "Cache test" } });
    expect((await read(key)).json.error?.code).toBe("INVALID_API_KEY");
  });

  it("a revocation by another instance is refused on the next request", async () => {
    const { key, id } = await warmKey();
    await writer().apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    const answer = await read(key);
    expect(answer.status).toBe(401);
    expect(answer.json.error?.code).toBe("INVALID_API_KEY");
  });

  it("a roll's end (expiry moved to now) is refused on the next request", async () => {
    const { key, id } = await warmKey();
    await writer().apiKey.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await read(key)).json.error?.code).toBe("INVALID_API_KEY");
  });

  it("a scope removed is refused on the next request, and a scope given back works on the next one", async () => {
    const { key, id } = await warmKey();
    await writer().apiKey.update({ where: { id }, data: { scopes: ["api_keys:read"] } });
    expect((await read(key)).json.error?.code).toBe("INSUFFICIENT_SCOPE");
    await writer().apiKey.update({ where: { id }, data: { scopes: ["calls:read"] } });
    expect((await read(key)).status).toBe(200);
  });

  it("an allowlist narrowed is refused on the next request, and widened works on the next one", async () => {
    const { key, id } = await warmKey({ allowedCidrs: ["203.0.113.0/24"] });
    await writer().apiKey.update({ where: { id }, data: { allowedCidrs: ["198.51.100.0/24"] } });
    expect((await read(key)).json.error?.code).toBe("IP_NOT_ALLOWED");
    await writer().apiKey.update({ where: { id }, data: { allowedCidrs: [] } });
    expect((await read(key)).status).toBe(200);
  });

  it("a suspended workspace's key is refused on the next request, and works again on reactivation", async () => {
    const { key } = await warmKey();
    await writer().workspace.update({ where: { id: workspaceId }, data: { suspendedAt: new Date(), suspendedReason: "test" } });
    expect((await read(key)).json.error?.code).toBe("INVALID_API_KEY");
    await writer().workspace.update({ where: { id: workspaceId }, data: { suspendedAt: null, suspendedReason: null } });
    expect((await read(key)).status).toBe(200);
  });

  it("a deleted key is refused on the next request", async () => {
    const { key, id } = await warmKey();
    await writer().apiKey.delete({ where: { id } });
    expect((await read(key)).json.error?.code).toBe("INVALID_API_KEY");
  });

  it("a last-used stamp does not move the epoch (the cache stays warm)", async () => {
    const { key, id } = await warmKey();
    const [before] = await db().$queryRawUnsafe<{ v: string }[]>("SELECT value::text AS v FROM auth_epochs WHERE id = 1");
    await writer().apiKey.update({ where: { id }, data: { lastUsedAt: new Date() } });
    const [after] = await db().$queryRawUnsafe<{ v: string }[]>("SELECT value::text AS v FROM auth_epochs WHERE id = 1");
    expect(after!.v).toBe(before!.v);
    const statements = await queriesDuring(async () => expect((await read(key)).status).toBe(200));
    expect(statements.some((sql) => sql.includes("key_hash"))).toBe(false);
  });
});
