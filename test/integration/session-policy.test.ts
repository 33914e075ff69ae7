import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeOtherSessionsAction } from "@/app/account/actions";
import { cookieNames } from "@/lib/auth/cookies";
import { createSession, resolveSession, revokePresentedSession } from "@/lib/auth/sessions";
import { authorizeMember } from "@/lib/authz/context";
import { db } from "@/lib/db/client";
import { entryInfo } from "@/lib/entry/marker";
import { endMemberAccess, listMemberAccess } from "@/lib/security-page/member-access";
import { contextOf, outcome } from "../support/members";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { client, createUser } from "../support/users";

/** Issue 16 item 12, per ASVS V7/V8 (decision 030): sessions a user and an admin can reason about. */
let database: TestDatabase;
type User = Awaited<ReturnType<typeof createUser>>;
let owner: User, admin: User, member: User, otherOwner: User;
beforeAll(async () => {
  await useTestEnv({ SESSION_MAX_PER_USER: "3" });
  database = await createTestDatabase();
  owner = await createUser("owner@alpha.test", { workspaceSlug: "alpha" });
  admin = await createUser("admin@alpha.test", { workspaceSlug: "alpha", role: "admin" });
  member = await createUser("pat@alpha.test", { workspaceSlug: "alpha", role: "agent" });
  otherOwner = await createUser("owner@beta.test", { workspaceSlug: "beta" });
  // Pat is a member of both workspaces.
  const beta = await db().workspace.findUniqueOrThrow({ where: { slug: "beta" } });
  await db().membership.create({ data: { userId: member.id, workspaceId: beta.id, role: "agent" } });
});
afterAll(async () => database.close());

const minutes = (base: Date, n: number) => new Date(base.getTime() + n * 60_000);

describe("concurrent sessions per user", () => {
  it("beyond SESSION_MAX_PER_USER the oldest sessions are revoked, recorded and audited", async () => {
    const user = await createUser("busy@alpha.test", { workspaceSlug: "alpha", role: "agent" });
    const t0 = new Date();
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await createSession(user.id, client, minutes(t0, i)));
    const rows = await db().session.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => r.revokedReason)).toEqual(["session_limit", "session_limit", null, null, null]);
    expect(await resolveSession(made[0]!.token, minutes(t0, 5))).toBeNull();
    expect(await resolveSession(made[4]!.token, minutes(t0, 5))).not.toBeNull();
    const audited = await db().auditLog.findMany({ where: { action: "session.revoked", actorId: user.id } });
    expect(audited.map((a) => a.targetId).sort()).toEqual([made[0]!.sessionId, made[1]!.sessionId].sort());
    expect(audited[0]!.changes).toMatchObject({ reason: "session_limit", limit: 3 });
  });

  it("sessions that already ended do not count", async () => {
    const user = await createUser("tidy@alpha.test");
    const t0 = new Date();
    const first = await createSession(user.id, client, t0);
    await db().session.update({ where: { id: first.sessionId }, data: { revokedAt: t0 } });
    for (let i = 1; i <= 3; i++) await createSession(user.id, client, minutes(t0, i));
    expect(await db().session.count({ where: { userId: user.id, revokedReason: "session_limit" } })).toBe(0);
  });
});

describe("a sign-in over an existing session", () => {
  it("revokes the session the browser presented, whoever's it was (no fixation, no leftovers)", async () => {
    const mine = await createSession(owner.id, client);
    const planted = await createSession(otherOwner.id, client);
    const header = (token: string) => `theme=dark; ${cookieNames().session}=${encodeURIComponent(token)}; other=1`;
    expect(await revokePresentedSession(header(mine.token))).toBe(mine.sessionId);
    expect(await revokePresentedSession(header(planted.token))).toBe(planted.sessionId);
    expect(await resolveSession(mine.token)).toBeNull();
    expect(await resolveSession(planted.token)).toBeNull();
    expect((await db().session.findUniqueOrThrow({ where: { id: mine.sessionId } })).revokedReason).toBe("signed_in_again");
    // Nothing to revoke: no cookie, a forged or garbled one, one already ended.
    for (const h of [undefined, "", `${cookieNames().session}=not.a.jwt`, `${cookieNames().session}=%E0%A4%A`, header(mine.token)]) {
      expect(await revokePresentedSession(h)).toBeNull();
    }
  });
});

describe("'sign out of all other sessions'", () => {
  it("requires sudo mode (a stolen session must not sign its owner out everywhere)", () => {
    expect(entryInfo(revokeOtherSessionsAction)).toMatchObject({ caller: "session", stepUp: true });
  });
});

describe("a workspace admin ends a member's access to their workspace only", () => {
  it("the member's older sessions no longer open this workspace, their other workspace carries on, and a new sign-in opens it again", async () => {
    const before = await resolveSession((await createSession(member.id, client)).token);
    expect(await authorizeMember(member, "alpha", client, new Date(), before!)).not.toBeNull();
    await new Promise((r) => setTimeout(r, 5));
    expect(await outcome(endMemberAccess(await contextOf(admin, "alpha"), await membershipId(member, "alpha")))).toBe("ok");
    expect(await authorizeMember(member, "alpha", client, new Date(), before!)).toBeNull();
    expect(await authorizeMember(member, "beta", client, new Date(), before!)).not.toBeNull();
    // The weakness: the admin revoked Pat's session itself, so Pat lost beta too. Now the session lives on.
    expect((await db().session.findUniqueOrThrow({ where: { id: before!.sessionId } })).revokedAt).toBeNull();
    const denied = await db().securityEvent.findFirst({ where: { type: "authorization_denied", userId: member.id } });
    expect(denied?.details).toMatchObject({ reason: "access_ended" });
    await new Promise((r) => setTimeout(r, 5));
    const after = await resolveSession((await createSession(member.id, client)).token);
    expect(await authorizeMember(member, "alpha", client, new Date(), after!)).not.toBeNull();
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "member.access_ended" } });
    const alpha = await db().workspace.findUniqueOrThrow({ where: { slug: "alpha" } });
    expect(audit).toMatchObject({ workspaceId: alpha.id, actorId: admin.id, targetLabel: "pat@alpha.test" });
  });

  it("the admin's view lists access to this workspace only, no devices or sessions", async () => {
    await authorizeMember(member, "alpha", client);
    const rows = await listMemberAccess(await contextOf(admin, "alpha"));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.email.endsWith("@alpha.test"))).toBe(true);
    expect(Object.keys(rows[0]!).sort()).toEqual(["accessEndedAt", "email", "lastActiveAt", "membershipId", "name", "role"]);
  });

  it("needs team:manage, only owners end an owner's access, and another workspace's member is NOT_FOUND", async () => {
    expect(await outcome(listMemberAccess(await contextOf(member, "alpha")))).toBe("FORBIDDEN");
    expect(await outcome(endMemberAccess(await contextOf(member, "alpha"), await membershipId(admin, "alpha")))).toBe("FORBIDDEN");
    expect(await outcome(endMemberAccess(await contextOf(admin, "alpha"), await membershipId(owner, "alpha")))).toBe("FORBIDDEN");
    expect(await outcome(endMemberAccess(await contextOf(admin, "alpha"), await membershipId(otherOwner, "beta")))).toBe("NOT_FOUND");
    expect(await outcome(endMemberAccess(await contextOf(admin, "alpha"), "not-a-uuid"))).toBe("NOT_FOUND");
    expect(await outcome(endMemberAccess(await contextOf(owner, "alpha"), await membershipId(admin, "alpha")))).toBe("ok");
  });
});

async function membershipId(user: User, slug: string): Promise<string> {
  const ws = await db().workspace.findUniqueOrThrow({ where: { slug } });
  return (await db().membership.findFirstOrThrow({ where: { workspaceId: ws.id, userId: user.id } })).id;
}
