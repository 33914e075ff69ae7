import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLATFORM_CHAIN } from "@/lib/audit/context";
import { verifyChain } from "@/lib/audit/verify";
import { authenticate } from "@/lib/auth/sign-in";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { entryInfo } from "@/lib/entry/marker";
import { staffContextOf, type StaffContext } from "@/lib/operator/context";
import { clearLockoutByEmail, clearLockoutByHash, listLockouts } from "@/lib/operator/lockouts";
import { consoleMarker, hasConsoleMarker, internalConsolePath, isInternalConsolePath } from "@/lib/operator/paths";
import { authenticateStaff, signOutStaff, upsertStaffAccount } from "@/lib/operator/staff-auth";
import { currentCode } from "@/lib/operator/totp";
import { findWorkspace, listWorkspaces, reactivateCancelledWorkspace, suspendWorkspace, unsuspendWorkspace } from "@/lib/operator/workspaces";
import { cancelWorkspace } from "@/lib/workspaces/lifecycle";
import { assertWritable } from "@/lib/entry/steps";
import { claimDue, runOnce } from "@/lib/webhooks/worker";
import { call, insertKey } from "../support/api";
import { callsWorkspace } from "../support/calls";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { first, nth } from "../support/items";
import { client, GOOD_PASSWORD } from "../support/users";

const STAFF_PASSWORD = "amber kestrel lantern 9";
let database: TestDatabase;
let staff: { id: string; email: string; name: string };
/** The operator's console context, as lib/entry/staff.ts builds it for a signed-in request. */
let ops: StaffContext;
let secret: string;
/** Each successful sign-in needs a step of its own: tests move a minute on each time. */
let clock = Date.now();
const later = () => new Date((clock += 60_000));
const codeAt = (at: Date) => currentCode(secret, at.getTime());

beforeAll(async () => {
  // Epochs below count sign-outs only; staff-policy.test.ts covers one session per operator.
  await useTestEnv({ STAFF_SINGLE_SESSION: "false" });
  database = await createTestDatabase();
  const created = await upsertStaffAccount({ email: "Ops@Platform.test", name: "Ops", password: STAFF_PASSWORD });
  staff = { id: created.id, email: "ops@platform.test", name: "Ops" };
  ops = staffContextOf(staff, client);
  secret = created.totp.secret;
  expect(created.totp.uri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
});
afterAll(async () => database.close());

describe("the console's path", () => {
  it("maps only ADMIN_PATH and what is under it to the internal prefix", () => {
    const admin = config().ADMIN_PATH;
    expect(internalConsolePath(admin)).toBe("/operator-console");
    expect(internalConsolePath(`${admin}/workspaces/x`)).toBe("/operator-console/workspaces/x");
    expect(internalConsolePath(`${admin}x`)).toBeNull();
    expect(internalConsolePath("/admin")).toBeNull();
    expect(internalConsolePath("/operator-console")).toBeNull();
    expect(isInternalConsolePath("/operator-console/lockouts")).toBe(true);
  });

  it("accepts only the marker derived from the server's secret", () => {
    expect(hasConsoleMarker(consoleMarker())).toBe(true);
    expect(hasConsoleMarker(null)).toBe(false);
    expect(hasConsoleMarker("1")).toBe(false);
    expect(hasConsoleMarker(`${consoleMarker().slice(0, -1)}A`)).toBe(consoleMarker().endsWith("A"));
  });
});

describe("staff sign-in", () => {
  it("opens with the right password and a current code, audited in the platform chain", async () => {
    const at = later();
    const result = await authenticateStaff("  OPS@platform.test ", STAFF_PASSWORD, codeAt(at), client, at);
    expect(result).toMatchObject({ ok: true, staff: { email: "ops@platform.test" }, epoch: 0 });
    const row = await db().auditLog.findFirstOrThrow({ where: { chainKey: PLATFORM_CHAIN, action: "staff.signed_in" } });
    expect(row).toMatchObject({ actorType: "staff", actorId: staff.id, ip: client.ip });
    // The stored secret is wrapped, never the base32 the app shows once.
    const stored = await db().staffAccount.findUniqueOrThrow({ where: { id: staff.id } });
    expect(stored.totpSecretWrapped).not.toContain(secret);
  });

  it("refuses a wrong, stale or replayed code the same way as a wrong password", async () => {
    const at = later();
    expect(await authenticateStaff(staff.email, STAFF_PASSWORD, "000000" === codeAt(at) ? "111111" : "000000", client, at)).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(await authenticateStaff(staff.email, STAFF_PASSWORD, codeAt(new Date(at.getTime() - 5 * 60_000)), client, at)).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(await authenticateStaff(staff.email, STAFF_PASSWORD, "", client, at)).toEqual({ ok: false, reason: "invalid_credentials" });
    expect((await authenticateStaff(staff.email, STAFF_PASSWORD, codeAt(at), client, at)).ok).toBe(true);
    // The same code again, even within its 30 seconds, is refused.
    expect(await authenticateStaff(staff.email, STAFF_PASSWORD, codeAt(at), client, at)).toEqual({ ok: false, reason: "invalid_credentials" });
    const factors = await db().securityEvent.findMany({ where: { type: "staff_sign_in_failed" }, select: { details: true } });
    expect(factors.map((f) => (f.details as { factor: string }).factor)).toEqual(["code", "code", "code", "code"]);
    await db().loginThrottle.deleteMany({});
  });

  it("refuses a member's credentials, unknown addresses and weak passwords", async () => {
    const { createUser } = await import("../support/users");
    await createUser("member@acme.test", { workspaceSlug: "acme" });
    const at = later();
    expect(await authenticateStaff("member@acme.test", GOOD_PASSWORD, codeAt(at), client, at)).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(await authenticateStaff("nobody@platform.test", STAFF_PASSWORD, codeAt(at), client, at)).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(await db().securityEvent.count({ where: { type: "staff_sign_in_failed", details: { path: ["factor"], equals: "password" } } })).toBe(2);
    await expect(upsertStaffAccount({ email: "weak@platform.test", name: "Weak", password: "password" })).rejects.toThrow(/refused/);
  });

  it("locks after five failures under its own key, separate from the members' lockout", async () => {
    const now = later();
    for (let i = 0; i < 4; i++) expect((await authenticateStaff(staff.email, "wrong password here", codeAt(now), client, now)).ok).toBe(false);
    expect(await authenticateStaff(staff.email, "wrong password here", codeAt(now), client, now)).toEqual({ ok: false, reason: "locked" });
    expect(await authenticateStaff(staff.email, STAFF_PASSWORD, codeAt(now), client, now)).toEqual({ ok: false, reason: "locked" });
    // A member with the same address is not locked by it, and the operator clears the staff lock by its row.
    const lock = first(await listLockouts(ops, now), "lockout");
    expect(await clearLockoutByHash(ops, lock.emailHash)).toBe(true);
    expect((await authenticateStaff(staff.email, STAFF_PASSWORD, codeAt(now), client, now)).ok).toBe(true);
  });

  it("sign-out moves the epoch on, so every earlier cookie is void; a disabled account is refused", async () => {
    await signOutStaff(ops);
    expect((await db().staffAccount.findUniqueOrThrow({ where: { id: staff.id } })).sessionEpoch).toBe(1);
    expect(await db().auditLog.count({ where: { chainKey: PLATFORM_CHAIN, action: "staff.signed_out" } })).toBe(1);
    await db().staffAccount.update({ where: { id: staff.id }, data: { disabledAt: new Date() } });
    const at = later();
    expect((await authenticateStaff(staff.email, STAFF_PASSWORD, codeAt(at), client, at)).ok).toBe(false);
    await db().staffAccount.update({ where: { id: staff.id }, data: { disabledAt: null } });
    await db().loginThrottle.deleteMany({});
  });
});

describe("member lockouts", () => {
  it("an operator clears a locked member by address, audited; the member signs in again", async () => {
    const { createUser } = await import("../support/users");
    await createUser("locked@acme.test", { workspaceSlug: "acme", role: "agent" });
    for (let i = 0; i < 5; i++) await authenticate("locked@acme.test", "not the password at all", client).catch(() => {});
    await expect(authenticate("locked@acme.test", GOOD_PASSWORD, client)).rejects.toMatchObject({ code: "locked" });
    expect(await listLockouts(ops)).toHaveLength(1);
    expect(await clearLockoutByEmail(ops, "not an address")).toBeNull();
    expect(await clearLockoutByEmail(ops, "Locked@acme.test")).toBe(true);
    expect(await listLockouts(ops)).toHaveLength(0);
    expect(await clearLockoutByEmail(ops, "locked@acme.test")).toBe(false);
    await expect(authenticate("locked@acme.test", GOOD_PASSWORD, client)).resolves.toMatchObject({ user: { email: "locked@acme.test" } });
    const cleared = await db().auditLog.findMany({ where: { chainKey: PLATFORM_CHAIN, action: "lockout.cleared" } });
    expect(cleared).toHaveLength(2);
    expect(JSON.stringify(cleared, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain("locked@acme.test");
    expect((await verifyChain(PLATFORM_CHAIN)).ok).toBe(true);
  });
});

describe("suspending a workspace", () => {
  it("makes it read-only, stops its keys and pauses its webhooks; lifting it restores all three", async () => {
    const a = await callsWorkspace("suspend-a");
    const b = await callsWorkspace("suspend-b");
    const key = (await insertKey(a.workspace.id, { mode: "test", scopes: ["calls:read", "webhooks:manage"] })).key;
    const keyB = (await insertKey(b.workspace.id, { mode: "test", scopes: ["calls:read"] })).key;

    await expect(suspendWorkspace(ops, a.workspace.id, " <b></b> ")).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(suspendWorkspace(ops, "00000000-0000-4000-8000-000000000000", "Fraud investigation")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await suspendWorkspace(ops, a.workspace.id, "Chargebacks <script>alert(1)</script> under review");
    await expect(suspendWorkspace(ops, a.workspace.id, "Again, twice")).rejects.toMatchObject({ code: "CONFLICT" });

    const owner = await a.member(a.owner);
    expect(owner.workspace.suspension?.reason).toBe("Chargebacks under review");
    expect(owner.permissions.list().sort()).toEqual(["api_keys:read", "audit:read", "calls:read", "settings:manage"]);
    expect((await a.member(a.admin)).permissions.list()).toEqual([]);
    expect(() => assertWritable(owner)).toThrow(/suspended/);
    expect((await b.member(b.admin)).can("team:manage")).toBe(true);

    const refused = await call("GET /calls", { key });
    expect(refused.status).toBe(401);
    const event = await db().securityEvent.findFirstOrThrow({ where: { type: "invalid_api_key", workspaceId: a.workspace.id }, orderBy: { id: "desc" } });
    expect(event.details).toMatchObject({ reason: "workspace_suspended" });
    expect((await call("GET /calls", { key: keyB })).status).toBe(200);

    // A delivery queued for A waits while it is suspended.
    const endpoint = await db().webhookEndpoint.create({
      data: { workspaceId: a.workspace.id, mode: "test", url: "http://127.0.0.1:9/hooks", events: ["call.completed"], secretEnc: "never decrypted: never claimed" },
    });
    const queued = await db().webhookEvent.create({ data: { id: "evt_suspended_a", workspaceId: a.workspace.id, mode: "test", type: "call.completed", body: "{}" } });
    const delivery = await db().webhookDelivery.create({ data: { workspaceId: a.workspace.id, eventId: queued.id, endpointId: endpoint.id } });
    await runOnce({ now: () => new Date() }, 10);
    expect((await db().webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).attempts).toBe(0);

    const audit = await db().auditLog.findFirstOrThrow({ where: { chainKey: a.workspace.id, action: "workspace.suspended" } });
    expect(audit).toMatchObject({ actorType: "staff", actorId: staff.id, actorLabel: staff.email });
    const mail = await db().outboxEmail.findFirstOrThrow({ where: { to: "owner@suspend-a.test", subject: { contains: "suspended" } } });
    expect(mail.text).toContain("Chargebacks under review");
    expect((await findWorkspace(ops, a.workspace.id))?.status).toBe("suspended");

    await unsuspendWorkspace(ops, a.workspace.id);
    await expect(unsuspendWorkspace(ops, a.workspace.id)).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await a.member(a.owner)).workspace.suspension).toBeNull();
    expect((await a.member(a.admin)).can("team:manage")).toBe(true);
    expect((await call("GET /calls", { key })).status).toBe(200);
    // The paused delivery is claimable again.
    expect((await claimDue(10, new Date())).map((c) => c.id)).toContain(delivery.id);
    await db().webhookDelivery.update({ where: { id: delivery.id }, data: { status: "failed" } });
    expect(await db().auditLog.count({ where: { chainKey: a.workspace.id, action: "workspace.unsuspended" } })).toBe(1);
    expect((await verifyChain(a.workspace.id)).ok).toBe(true);
  });

  it("no member can lift a suspension: the tenant role may not write the column", async () => {
    const a = await db().workspace.findUniqueOrThrow({ where: { slug: "suspend-a" } });
    const { inWorkspace } = await import("@/lib/db/scoped");
    await expect(inWorkspace(a.id, (tx) => tx.$executeRaw`UPDATE workspaces SET suspended_at = NULL, suspended_reason = NULL WHERE id = ${a.id}::uuid`)).rejects.toThrow(/permission denied/);
    await expect(inWorkspace(a.id, (tx) => tx.$queryRaw`SELECT 1 FROM staff_accounts`)).rejects.toThrow(/permission denied/);
  });
});

describe("reactivating a cancelled workspace for its owners", () => {
  it("needs a reason, reopens it before its date with staff as the actor, and never after", async () => {
    const ws = await callsWorkspace("cancelled-by-mistake");
    const key = (await insertKey(ws.workspace.id, { mode: "test", scopes: ["calls:read"] })).key;
    await cancelWorkspace(await ws.member(ws.owner), "cancelled-by-mistake");
    expect((await call("GET /calls", { key })).status).toBe(401);
    await expect(reactivateCancelledWorkspace(ops, ws.workspace.id, "")).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await reactivateCancelledWorkspace(ops, ws.workspace.id, "Ticket 4711: cancelled by mistake");
    expect((await call("GET /calls", { key })).status).toBe(200);
    const audit = await db().auditLog.findFirstOrThrow({ where: { chainKey: ws.workspace.id, action: "workspace.reactivated" } });
    expect(audit).toMatchObject({ actorType: "staff", actorId: staff.id, changes: expect.objectContaining({ reason: "Ticket 4711: cancelled by mistake" }) });
    await expect(reactivateCancelledWorkspace(ops, ws.workspace.id, "Again, by mistake")).rejects.toMatchObject({ code: "CONFLICT" });
    // Past its deletion date it cannot be reopened.
    await cancelWorkspace(await ws.member(ws.owner), "cancelled-by-mistake");
    await expect(reactivateCancelledWorkspace(ops, ws.workspace.id, "Too late to help", new Date(Date.now() + 31 * 86_400_000))).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("the workspace list", () => {
  it("filters by status and by slug or name, with LIKE wildcards taken literally", async () => {
    const a = await db().workspace.findUniqueOrThrow({ where: { slug: "suspend-a" } });
    await suspendWorkspace(ops, a.id, "Listed as suspended");
    expect((await listWorkspaces({ status: "suspended" })).workspaces.map((w) => w.slug)).toEqual(["suspend-a"]);
    expect((await listWorkspaces({ q: "SUSPEND" })).workspaces.map((w) => w.slug).sort()).toEqual(["suspend-a", "suspend-b"]);
    expect((await listWorkspaces({ q: "%" })).workspaces).toEqual([]);
    expect((await listWorkspaces({ status: "active" })).workspaces.map((w) => w.slug)).not.toContain("suspend-a");
    const firstPage = await listWorkspaces({}, { limit: 1, data: ops.data });
    const second = await listWorkspaces({ cursor: firstPage.nextCursor! }, { limit: 1, data: ops.data });
    expect(nth(second.workspaces, 0).id).not.toBe(nth(firstPage.workspaces, 0).id);
    expect(await findWorkspace(ops, "not-a-uuid")).toBeNull();
    const [row] = (await listWorkspaces({ q: "suspend-b" })).workspaces;
    expect(row).toMatchObject({ members: 3, status: "active" });
  });
});

describe("the console's entry points", () => {
  it("are all built by lib/entry: sign-in public behind the console marker, every other action staff", async () => {
    const actions = await import("@/app/operator-console/actions");
    const callers = Object.fromEntries(Object.entries(actions).map(([name, action]) => [name, entryInfo(action)?.caller]));
    expect(callers).toEqual({
      staffSignInAction: "public",
      staffSignOutAction: "staff",
      suspendWorkspaceAction: "staff",
      unsuspendWorkspaceAction: "staff",
      clearLockoutAction: "staff",
      reactivateCancelledAction: "staff",
    });
  });
});
