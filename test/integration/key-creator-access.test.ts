import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/keys";
import { db } from "@/lib/db/client";
import { addGroupMember, createGroup, deleteGroup, setGroupOverride } from "@/lib/groups/groups";
import { changeRole, removeMember, setMemberOverride } from "@/lib/team/members";
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

  it("an override taken back, a group's deny, or a group deleted narrows the keys the same way", async () => {
    const owner = () => ws.member(ws.owner);
    const agentMembership = (await membershipOf(ws.agent.id)).id;
    await setMemberOverride(await owner(), agentMembership, "numbers:manage", true);
    await setMemberOverride(await owner(), agentMembership, "api_keys:manage", true);
    const group = await createGroup(await owner(), { name: "Webhook desk", color: "teal", description: "" });
    await setGroupOverride(await owner(), group.id, "webhooks:manage", true);
    await addGroupMember(await owner(), group.id, agentMembership);
    const { row } = await createApiKey(await ws.member(ws.agent), { name: "agent's", type: "sk", mode: "live", scopes: ["calls:read", "numbers:manage", "webhooks:manage"] });
    const scopes = async () => (await db().apiKey.findUniqueOrThrow({ where: { id: row.id } })).scopes;

    await setMemberOverride(await owner(), agentMembership, "numbers:manage", null);
    expect(await scopes()).toEqual(["calls:read", "webhooks:manage"]);
    await deleteGroup(await owner(), group.id);
    expect(await scopes()).toEqual(["calls:read"]);
    // A group that denies what is left takes the key's last scope: the key is revoked.
    const deny = await createGroup(await owner(), { name: "No calls", color: "red", description: "" });
    await setGroupOverride(await owner(), deny.id, "calls:read", false);
    await addGroupMember(await owner(), deny.id, agentMembership);
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: row.id } })).revokedAt).not.toBeNull();
    const reasons = await db().auditLog.findMany({ where: { chainKey: ws.workspace.id, targetId: row.id }, orderBy: { seq: "asc" }, select: { action: true } });
    expect(reasons.map((r) => r.action)).toEqual(["api_key.created", "api_key.scopes_narrowed", "api_key.scopes_narrowed", "api_key.revoked"]);
  });
});
