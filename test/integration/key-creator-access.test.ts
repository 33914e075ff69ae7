import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/keys";
import { db } from "@/lib/db/client";
import { changeRole, removeMember } from "@/lib/team/members";
import { call } from "../support/api";
import { callsWorkspace } from "../support/calls";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";

let database: TestDatabase;
let ws: Awaited<ReturnType<typeof callsWorkspace>>;
let reportingKey: string;

beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
  ws = await callsWorkspace("keys-creator");
});
afterAll(async () => database.close());

const membershipOf = (userId: string) => db().membership.findFirstOrThrow({ where: { userId, workspaceId: ws.workspace.id } });

describe("a key never outlives its creator's access", () => {
  it("demoting the creator to agent narrows their keys, unmasked numbers first; the key keeps what agents hold", async () => {
    const admin = await ws.member(ws.admin);
    const { key, row } = await createApiKey(admin, { name: "reporting", type: "sk", mode: "live", scopes: ["calls:read", "calls:read_unmasked", "numbers:manage"] });
    reportingKey = key;
    const untouched = await createApiKey(await ws.member(ws.owner), { name: "owner's", type: "sk", mode: "live", scopes: ["calls:read_unmasked", "numbers:manage"] });

    await changeRole(await ws.member(ws.owner), (await membershipOf(ws.admin.id)).id, "agent");
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: row.id } })).scopes).toEqual(["calls:read"]);
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: untouched.row.id } })).scopes).toEqual(["calls:read_unmasked", "numbers:manage"]);
    const audit = await db().auditLog.findFirstOrThrow({ where: { chainKey: ws.workspace.id, action: "api_key.scopes_narrowed", targetId: row.id } });
    expect(audit.changes).toMatchObject({ after: { scopes: ["calls:read"] }, reason: "creator_access_reduced" });
    expect((await call("GET /calls", { key })).status).toBe(200);
    expect((await call("POST /phone-numbers", { key, body: { number: "+2348035550777" } })).json.error?.code).toBe("INSUFFICIENT_SCOPE");
  });

  it("removing the creator revokes their keys", async () => {
    // The demoted admin's narrowed key from above still works until they are removed.
    const row = await db().apiKey.findFirstOrThrow({ where: { workspaceId: ws.workspace.id, name: "reporting" } });
    expect((await call("GET /calls", { key: reportingKey })).status).toBe(200);
    await removeMember(await ws.member(ws.owner), (await membershipOf(ws.admin.id)).id);
    const key = reportingKey;
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: row.id } })).revokedAt).not.toBeNull();
    expect((await call("GET /calls", { key })).status).toBe(401);
  });
});
