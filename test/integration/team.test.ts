import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizeMember, type WorkspaceContext } from "@/lib/authz/context";
import { PERMISSIONS } from "@/lib/authz/permissions";
import { ROLE_DEFAULTS, ROLES, type Role } from "@/lib/authz/roles";
import { db } from "@/lib/db/client";
import { addGroupMember, createGroup, getGroup, listGroups, setGroupOverride } from "@/lib/groups/groups";
import { createInvitation, listPendingInvitations } from "@/lib/team/invitations";
import { changeRole, getMember, listMembers, removeMember, setMemberOverride } from "@/lib/team/members";
import { outcome } from "../support/members";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { present } from "../support/items";
import { client, createUser } from "../support/users";

let database: TestDatabase;
const users: Record<string, { id: string; email: string; name: string }> = {};
beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
  for (const role of ROLES) users[role] = await createUser(`${role}@acme.test`, { workspaceSlug: "acme", role: role as "owner" });
  users.other = await createUser("owner@other.test", { workspaceSlug: "other" });
});
afterAll(async () => database.close());
const user = (role: string) => present(users[role], `the ${role} user`);

async function as(role: string, slug = "acme"): Promise<WorkspaceContext> {
  return (await authorizeMember(user(role), slug, client))!;
}
async function memberId(role: string, slug = "acme") {
  const ws = await db().workspace.findUniqueOrThrow({ where: { slug } });
  return (await db().membership.findFirstOrThrow({ where: { workspaceId: ws.id, userId: user(role).id } })).id;
}
const code = outcome;

describe("who reaches what (table over roles × the team catalogue)", () => {
  const actions: [string, (ctx: WorkspaceContext) => Promise<unknown>][] = [
    ["list members", (ctx) => listMembers(ctx)],
    ["list groups", (ctx) => listGroups(ctx)],
    ["list invitations", (ctx) => listPendingInvitations(ctx)],
    ["invite a viewer", (ctx) => createInvitation(ctx, `invitee-${ctx.membership.role}@acme.test`, "viewer")],
  ];
  for (const role of ROLES) {
    for (const [name, run] of actions) {
      const allowed = ROLE_DEFAULTS[role as Role].includes("team:manage");
      it(`${role}: ${name} → ${allowed ? "allowed" : "FORBIDDEN"}`, async () => {
        expect(await code(run(await as(role)))).toBe(allowed ? "ok" : "FORBIDDEN");
      });
    }
  }

  it("a refusal is recorded as a security event", async () => {
    await code(listMembers(await as("agent")));
    const events = await db().securityEvent.findMany({ where: { type: "authorization_denied", userId: user("agent").id } });
    expect(events.length).toBeGreaterThan(0);
  });
});

describe("escalation attempts fail", () => {
  it("an admin cannot grant billing:manage — by override, by role, or by group", async () => {
    const admin = await as("admin");
    expect(await code(setMemberOverride(admin, await memberId("agent"), "billing:manage", true))).toBe("FORBIDDEN");
    expect(await code(changeRole(admin, await memberId("agent"), "billing"))).toBe("FORBIDDEN");
    expect(await code(createInvitation(admin, "new-biller@acme.test", "billing"))).toBe("FORBIDDEN");
    const group = await createGroup(admin, { name: "Payers", color: "amber", description: "" });
    expect(await code(setGroupOverride(admin, group.id, "billing:manage", true))).toBe("FORBIDDEN");
    const owner = await as("owner");
    await setGroupOverride(owner, group.id, "billing:manage", true);
    expect(await code(addGroupMember(admin, group.id, await memberId("agent")))).toBe("FORBIDDEN");
  });

  it("only owners make, change or remove owners", async () => {
    const admin = await as("admin");
    expect(await code(changeRole(admin, await memberId("agent"), "owner"))).toBe("FORBIDDEN");
    expect(await code(changeRole(admin, await memberId("owner"), "admin"))).toBe("FORBIDDEN");
    expect(await code(removeMember(admin, await memberId("owner")))).toBe("FORBIDDEN");
    expect(await code(createInvitation(admin, "new-owner@acme.test", "owner"))).toBe("FORBIDDEN");
  });

  it("the last owner can be neither demoted nor removed; with two owners one may go", async () => {
    const owner = await as("owner");
    expect(await code(changeRole(owner, await memberId("owner"), "admin"))).toBe("CONFLICT");
    expect(await code(removeMember(owner, await memberId("owner")))).toBe("CONFLICT");
    await changeRole(owner, await memberId("developer"), "owner");
    await changeRole(owner, await memberId("developer"), "developer");
    expect((await getMember(owner, await memberId("developer"))).role).toBe("developer");
  });

  it("denies need team:manage but no permission held; lifting a deny needs the permission", async () => {
    const admin = await as("admin");
    const viewer = await memberId("viewer");
    await setMemberOverride(admin, viewer, "calls:read", false);
    await setMemberOverride(await as("owner"), viewer, "billing:manage", false);
    expect(await code(setMemberOverride(admin, viewer, "billing:manage", null))).toBe("FORBIDDEN");
    await setMemberOverride(admin, viewer, "calls:read", null);
  });

  it("every change is audited with before and after", async () => {
    const owner = await as("owner");
    await changeRole(owner, await memberId("viewer"), "agent");
    const row = await db().auditLog.findFirstOrThrow({ where: { action: "member.role_changed" }, orderBy: { id: "desc" } });
    expect(row.changes).toEqual({ before: { role: "viewer" }, after: { role: "agent" } });
    expect(row.actorLabel).toBe("owner@acme.test");
  });
});

describe("other workspaces' objects are 404", () => {
  it("members and groups of another workspace are NOT_FOUND through the data layer", async () => {
    const otherOwner = (await authorizeMember(user("other"), "other", client))!;
    const otherGroup = await createGroup(otherOwner, { name: "Theirs", color: "red", description: "" });
    const owner = await as("owner");
    const theirMember = await memberId("other", "other");
    expect(await code(getMember(owner, theirMember))).toBe("NOT_FOUND");
    expect(await code(changeRole(owner, theirMember, "agent"))).toBe("NOT_FOUND");
    expect(await code(removeMember(owner, theirMember))).toBe("NOT_FOUND");
    expect(await code(setMemberOverride(owner, theirMember, PERMISSIONS[0], true))).toBe("NOT_FOUND");
    expect(await code(getGroup(owner, otherGroup.id))).toBe("NOT_FOUND");
    expect(await code(addGroupMember(owner, otherGroup.id, await memberId("agent")))).toBe("NOT_FOUND");
  });

  it("a non-member gets no context at all (→ 404 for pages and actions)", async () => {
    expect(await authorizeMember(user("other"), "acme", client)).toBeNull();
    expect(await authorizeMember(user("owner"), "no-such-workspace", client)).toBeNull();
  });
});
