import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/keys";
import { PLATFORM_CHAIN } from "@/lib/audit/context";
import { verifyChain } from "@/lib/audit/verify";
import { deleteAccount } from "@/lib/auth/account-deletion";
import { AuthError, StepUpRequired } from "@/lib/auth/errors";
import { createSession, resolveSession, type ActiveSession } from "@/lib/auth/sessions";
import { authenticate } from "@/lib/auth/sign-in";
import { confirmPassword } from "@/lib/auth/step-up";
import { db } from "@/lib/db/client";
import { cancelWorkspace } from "@/lib/workspaces/lifecycle";
import { call } from "../support/api";
import { callsWorkspace } from "../support/calls";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { client, GOOD_PASSWORD } from "../support/users";

let database: TestDatabase;
let ws: Awaited<ReturnType<typeof callsWorkspace>>;
beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
  ws = await callsWorkspace("leaving");
});
afterAll(async () => database.close());

async function sudo(user: { id: string }): Promise<{ session: ActiveSession; proof: string }> {
  const session = (await resolveSession((await createSession(user.id, client)).token))!;
  return { session, proof: (await confirmPassword(session, GOOD_PASSWORD, client))! };
}

describe("deleting one's own account", () => {
  it("needs sudo mode and the address typed", async () => {
    const { session, proof } = await sudo(ws.admin);
    await expect(deleteAccount(session, "admin@leaving.test", undefined, client)).rejects.toBeInstanceOf(StepUpRequired);
    await expect(deleteAccount(session, "someone@else.test", proof, client)).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    expect(await db().user.count({ where: { id: ws.admin.id } })).toBe(1);
  });

  it("is refused to the only owner of an open workspace, and allowed once it is cancelled or has another owner", async () => {
    const { session, proof } = await sudo(ws.owner);
    await expect(deleteAccount(session, "owner@leaving.test", proof, client)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/only owner of “leaving”/) });
    const other = await callsWorkspace("solo-closed");
    await cancelWorkspace(await other.member(other.owner), "solo-closed");
    const closed = await sudo(other.owner);
    await expect(deleteAccount(closed.session, "owner@solo-closed.test", closed.proof, client)).resolves.toBeUndefined();
    const shared = await callsWorkspace("two-owners");
    const adminMembership = await db().membership.findFirstOrThrow({ where: { userId: shared.admin.id } });
    await db().membership.update({ where: { id: adminMembership.id }, data: { role: "owner" } });
    const first = await sudo(shared.owner);
    await expect(deleteAccount(first.session, "owner@two-owners.test", first.proof, client)).resolves.toBeUndefined();
    expect((await shared.member(shared.admin)).membership.role).toBe("owner");
  });

  it("leaves every workspace, revokes the keys the user made, signs them out and removes the account", async () => {
    const { key, row } = await createApiKey(await ws.member(ws.admin), { name: "admin's", type: "sk", mode: "live", scopes: ["calls:read"] });
    expect((await call("GET /calls", { key })).status).toBe(200);
    const { session, proof } = await sudo(ws.admin);

    await deleteAccount(session, " Admin@Leaving.test ", proof, client);

    expect(await db().user.count({ where: { id: ws.admin.id } })).toBe(0);
    expect(await db().membership.count({ where: { userId: ws.admin.id } })).toBe(0);
    expect(await db().session.count({ where: { userId: ws.admin.id } })).toBe(0);
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: row.id } })).revokedAt).not.toBeNull();
    expect((await call("GET /calls", { key })).status).toBe(401);
    await expect(authenticate("admin@leaving.test", GOOD_PASSWORD, client)).rejects.toBeInstanceOf(AuthError);

    const left = await db().auditLog.findFirstOrThrow({ where: { chainKey: ws.workspace.id, action: "member.left" } });
    expect(left.changes).toMatchObject({ reason: "account_deleted", before: { role: "admin" } });
    const deleted = await db().auditLog.findFirstOrThrow({ where: { chainKey: PLATFORM_CHAIN, action: "user.deleted", targetId: ws.admin.id } });
    expect(JSON.stringify(deleted.changes ?? {})).not.toContain("admin@leaving.test");
    expect(deleted.actorLabel).toBe("account deletion");
    expect((await db().outboxEmail.findFirstOrThrow({ where: { to: "admin@leaving.test", subject: { contains: "deleted" } } })).text).toContain("leaving");
    expect((await verifyChain(ws.workspace.id)).ok).toBe(true);
    // The workspace and its other members are untouched.
    expect((await ws.member(ws.owner)).can("team:manage")).toBe(true);
  });
});
