import { beforeAll, describe, expect, it } from "vitest";
import { createConfiguration } from "@/lib/agent-config/configurations";
import type { WorkspaceContext } from "@/lib/authz/context";
import { ROLE_DEFAULTS, ROLES, type Role } from "@/lib/authz/roles";
import { db } from "@/lib/db/client";
import { inWorkspace } from "@/lib/db/scoped";
import { addNumber, listNumbers, removeNumber, updateNumber } from "@/lib/phone-numbers/numbers";
import { call, insertKey } from "../support/api";
import { outcome, refusal, UNSAFE_TEXT, withTwoWorkspaces, XSS_PAYLOADS } from "../support/members";
import { client } from "../support/users";

const { as, member } = withTwoWorkspaces();

/** The dashboard's listing (both modes). */
const numbersTable = async (ctx: WorkspaceContext) => (await listNumbers(ctx, { view: "table" })).numbers;

const auditRows = (action: string) => db().auditLog.findMany({ where: { action }, orderBy: { seq: "asc" } });
let counter = 0;
/** A fresh valid UK number each call (+44 20 7946 0xxx is Ofcom's drama range). */
const nextNumber = () => `+4420794600${String(10 + (counter++ % 90)).padStart(2, "0")}`;

describe("numbers:manage, table over roles", () => {
  let existing: string;
  beforeAll(async () => {
    existing = (await addNumber(await as("owner"), { number: "+442079460999", mode: "live", label: "Fixture" })).id;
  });
  const actions: [string, (ctx: WorkspaceContext) => Promise<unknown>][] = [
    ["list numbers", (ctx) => numbersTable(ctx)],
    ["add a number", (ctx) => addNumber(ctx, { number: nextNumber(), mode: "test" })],
    ["relabel a number", (ctx) => updateNumber(ctx, existing, { label: `by ${ctx.membership.role}` })],
  ];
  for (const role of ROLES) {
    const allowed = ROLE_DEFAULTS[role as Role].includes("numbers:manage");
    for (const [name, run] of actions) {
      it(`${role}: ${name} → ${allowed ? "allowed" : "FORBIDDEN"}`, async () => {
        expect(await outcome(run(await as(role)))).toBe(allowed ? "ok" : "FORBIDDEN");
      });
    }
    it(`${role}: remove a number → ${allowed ? "allowed" : "FORBIDDEN"}`, async () => {
      const target = await addNumber(await as("owner"), { number: nextNumber(), mode: "live" });
      expect(await outcome(removeNumber(await as(role), target.id))).toBe(allowed ? "ok" : "FORBIDDEN");
    });
  }

  it("a refusal is an authorization_denied security event", async () => {
    await outcome(numbersTable(await as("agent")));
    const events = await db().securityEvent.findMany({ where: { type: "authorization_denied", userId: member("agent").id } });
    expect(events.some((e) => (e.details as { permission?: string }).permission === "numbers:manage")).toBe(true);
  });
});

describe("adding numbers", () => {
  it("stores E.164 and refuses anything else with a field error", async () => {
    const owner = await as("owner");
    const added = await addNumber(owner, { number: " +44 20 7946 0123 ", mode: "live", label: "  London   sales " });
    expect(added).toMatchObject({ number: "+442079460123", label: "London sales", mode: "live", configuration: null });
    for (const bad of ["", "020 7946 0123", "+4420", "+999123456789", "not a number", "+44 20 7946 0123 ext 5"]) {
      expect(await refusal(addNumber(owner, { number: bad, mode: "live" })), bad).toMatchObject({ code: "VALIDATION_FAILED", field: "number" });
    }
    expect(await refusal(addNumber(owner, { number: "+14155550143", mode: "staging" }))).toMatchObject({ code: "VALIDATION_FAILED", field: "mode" });
  });

  it("refuses a duplicate in the same mode with a clear error, allows it in the other mode", async () => {
    const owner = await as("owner");
    await addNumber(owner, { number: "+14155550150", mode: "live" });
    expect(await refusal(addNumber(owner, { number: "+1 415 555 0150", mode: "live" }))).toEqual({
      code: "VALIDATION_FAILED",
      field: "number",
      message: "+14155550150 is already in this workspace (live).",
    });
    expect(await outcome(addNumber(owner, { number: "+14155550150", mode: "test" }))).toBe("ok");
  });

  it("another workspace may hold the same number (tenants are independent)", async () => {
    expect(await outcome(addNumber(await as("owner", "other"), { number: "+14155550150", mode: "live" }))).toBe("ok");
  });

  it("is audited with the after state and the request's IP", async () => {
    await addNumber(await as("admin"), { number: "+2348035550123", mode: "live", label: "Lagos" });
    const row = (await auditRows("phone_number.created")).find((r) => r.targetLabel === "+2348035550123")!;
    expect(row).toMatchObject({ actorLabel: member("admin").email, ip: client.ip, targetType: "phone_number" });
    expect(row.changes).toEqual({ after: { number: "+2348035550123", label: "Lagos", mode: "live", agent_configuration: null } });
  });
});

describe("labels, assignment and removal", () => {
  it("assigns a number to a configuration and records before/after of what changed", async () => {
    const owner = await as("owner");
    const { id: configurationId } = await createConfiguration(owner, { name: "Front desk" });
    const number = await addNumber(owner, { number: "+442079460200", mode: "live", label: "Reception" });
    const updated = await updateNumber(owner, number.id, { configurationId });
    expect(updated.configuration).toEqual({ id: configurationId, name: "Front desk" });
    expect((await numbersTable(owner)).find((n) => n.id === number.id)?.configuration?.name).toBe("Front desk");
    await updateNumber(owner, number.id, { label: "Front reception", configurationId });
    const rows = (await auditRows("phone_number.updated")).filter((r) => r.targetId === number.id);
    expect(rows.map((r) => r.changes)).toEqual([
      { before: { agent_configuration: null }, after: { agent_configuration: "Front desk" } },
      { before: { label: "Reception" }, after: { label: "Front reception" } },
    ]);
    expect(rows.every((r) => r.ip === client.ip)).toBe(true);
    // Unassigning is a change too; saving the same values writes nothing.
    await updateNumber(owner, number.id, { configurationId: null });
    await updateNumber(owner, number.id, { configurationId: null, label: "Front reception" });
    expect((await auditRows("phone_number.updated")).filter((r) => r.targetId === number.id)).toHaveLength(3);
  });

  it("refuses another workspace's configuration (and the database would too)", async () => {
    const foreign = await createConfiguration(await as("owner", "other"), { name: "Theirs" });
    const owner = await as("owner");
    const number = await addNumber(owner, { number: "+442079460201", mode: "live" });
    expect(await refusal(updateNumber(owner, number.id, { configurationId: foreign.id }))).toMatchObject({ code: "VALIDATION_FAILED", field: "configurationId" });
    expect(await refusal(addNumber(owner, { number: "+442079460202", mode: "live", configurationId: foreign.id }))).toMatchObject({ field: "configurationId" });
    // The composite foreign key (workspace_id, agent_configuration_id) refuses it underneath.
    await expect(
      inWorkspace(owner.workspace.id, (tx) => tx.phoneNumber.update({ where: { id: number.id }, data: { agentConfigurationId: foreign.id } })),
    ).rejects.toThrow();
  });

  it("another workspace's number is NOT_FOUND, never FORBIDDEN", async () => {
    const theirs = await addNumber(await as("owner", "other"), { number: "+442079460300", mode: "live" });
    const owner = await as("owner");
    expect(await outcome(updateNumber(owner, theirs.id, { label: "mine now" }))).toBe("NOT_FOUND");
    expect(await outcome(removeNumber(owner, theirs.id))).toBe("NOT_FOUND");
    expect(await outcome(removeNumber(owner, "not-a-uuid"))).toBe("NOT_FOUND");
    expect((await numbersTable(owner)).some((n) => n.id === theirs.id)).toBe(false);
  });

  it("removal is audited with the before state", async () => {
    const owner = await as("owner");
    const number = await addNumber(owner, { number: "+442079460400", mode: "test", label: "Scratch" });
    await removeNumber(owner, number.id);
    expect(await db().phoneNumber.findUnique({ where: { id: number.id } })).toBeNull();
    const row = (await auditRows("phone_number.deleted")).find((r) => r.targetId === number.id)!;
    expect(row.changes).toEqual({ before: { number: "+442079460400", label: "Scratch", mode: "test", agent_configuration: null } });
    expect(row.ip).toBe(client.ip);
  });
});

describe("labels are sanitised before storage", () => {
  it("no stored label contains script, handlers or script URLs", async () => {
    const owner = await as("owner");
    let i = 0;
    for (const payload of XSS_PAYLOADS) {
      const added = await addNumber(owner, { number: `+4420794605${String(i++).padStart(2, "0")}`, mode: "test", label: `Line ${payload}` });
      const stored = await db().phoneNumber.findUniqueOrThrow({ where: { id: added.id }, select: { label: true } });
      expect(stored.label ?? "", payload).not.toMatch(UNSAFE_TEXT);
      // No tag survives (a lone ">" is text, escaped on output).
      expect(stored.label ?? "").not.toMatch(/<[a-z!/]/i);
      const relabelled = await updateNumber(owner, added.id, { label: payload });
      expect(relabelled.label ?? "", payload).not.toMatch(UNSAFE_TEXT);
    }
  });

  it("long labels are cut to 80 characters", async () => {
    const added = await addNumber(await as("owner"), { number: "+442079460600", mode: "test", label: "x".repeat(500) });
    expect(added.label).toHaveLength(80);
  });
});

describe("one layer for the dashboard and the API", () => {
  type Json = { id: string; number: string; label: string | null; mode: string; created_at: string };
  const keys = async (workspaceId: string) => ({
    live: (await insertKey(workspaceId, { mode: "live", scopes: ["calls:read", "numbers:manage"] })).key,
    test: (await insertKey(workspaceId, { mode: "test", scopes: ["calls:read", "numbers:manage"] })).key,
  });

  it("a number added in the dashboard is the API's, in its mode only, in the API's shape", async () => {
    const owner = await as("owner");
    const { live, test } = await keys(owner.workspace.id);
    const added = await addNumber(owner, { number: "+442079460800", mode: "test", label: "Shared" });
    const json: Json = { id: added.id, number: "+442079460800", label: "Shared", mode: "test", created_at: added.createdAt.toISOString() };
    const listed = (key: string) => call("GET /phone-numbers", { key, query: "limit=100" }).then((r) => r.json.data as Json[]);
    expect((await listed(test)).find((n) => n.id === added.id)).toEqual(json);
    expect((await listed(live)).some((n) => n.id === added.id)).toBe(false);
    expect((await call("GET /phone-numbers/{id}", { key: test, params: { id: added.id } })).json).toEqual(json);
    expect((await call("GET /phone-numbers/{id}", { key: live, params: { id: added.id } })).status).toBe(404);
  });

  it("the API's create is the dashboard's add in the key's mode, with the API's own errors", async () => {
    const owner = await as("owner");
    const { test } = await keys(owner.workspace.id);
    const created = await call("POST /phone-numbers", { key: test, body: { number: "+442079460801", label: "From the API" } });
    expect(created.status).toBe(201);
    expect((await numbersTable(owner)).find((n) => n.id === (created.json as unknown as Json).id)).toMatchObject({ mode: "test", label: "From the API", configuration: null });
    const duplicate = await call("POST /phone-numbers", { key: test, body: { number: "+442079460801" } });
    expect([duplicate.status, duplicate.json.error]).toEqual([
      409,
      {
        code: "CONFLICT",
        message: "This number is already in the workspace.",
        request_id: expect.any(String),
        request_log_url: expect.stringContaining("/developers/logs?request_id="),
        details: [{ field: "number", issue: "exists" }],
      },
    ]);
    const invalid = await call("POST /phone-numbers", { key: test, body: { number: "+4420" } });
    expect(invalid.json.error).toMatchObject({ code: "VALIDATION_FAILED", details: [{ field: "number", issue: "not a valid E.164 phone number" }] });
    // The dashboard's own wording of the same refusals.
    expect(await refusal(addNumber(owner, { number: "+442079460801", mode: "test" }))).toMatchObject({ code: "VALIDATION_FAILED", message: "+442079460801 is already in this workspace (test)." });
  });
});
