import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/keys";
import { exportCallLog } from "@/lib/calls/export-download";
import { getCall, listCalls } from "@/lib/calls/query";
import { runTestCall } from "@/lib/calls/test-calls";
import { config } from "@/lib/config";
import { DecryptionError } from "@/lib/crypto/envelope";
import { rotateDataKey } from "@/lib/crypto/workspace-keys";
import { db } from "@/lib/db/client";
import { setCallerMasking } from "@/lib/workspaces/masking";
import { call, insertKey } from "../support/api";
import { callsWorkspace, captureAppLogs, digitWindows, dumpDatabase } from "../support/calls";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";

let database: TestDatabase;
let ws: Awaited<ReturnType<typeof callsWorkspace>>;
let other: Awaited<ReturnType<typeof callsWorkspace>>;
const ALL = ["calls:read", "calls:read_unmasked", "test_calls:run"];

beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
  ws = await callsWorkspace("mask-a");
  other = await callsWorkspace("mask-b");
});
afterAll(async () => database.close());

function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? filesUnder(full) : [full];
    });
  } catch {
    return [];
  }
}

describe("with masking on (the default), a caller's number exists nowhere", () => {
  const callers = ["+2348035550789", "+447911123456", "+4915123456789", "+919812345678"];
  it("after test calls: not in any table, log line, file, API response or export", async () => {
    const logs = captureAppLogs();
    const responses: string[] = [];
    try {
      const { key: testKey } = await insertKey(ws.workspace.id, { mode: "test", scopes: ALL });
      const { key: liveKey } = await insertKey(ws.workspace.id, { mode: "live", scopes: ALL });
      for (const [i, caller] of callers.entries()) {
        const key = i % 2 ? liveKey : testKey;
        const created = await call("POST /test-calls", { key, body: { caller, status: "completed" } });
        expect(created.status).toBe(201);
        expect(created.json.caller_display).toMatch(new RegExp(`^\\+(234|44|49|91) \\*\\*\\* \\*\\*\\* ${caller.slice(-3)}$`));
        expect(created.json).not.toHaveProperty("caller_number");
        responses.push(created.text);
        responses.push((await call("GET /calls", { key })).text);
        responses.push((await call("GET /calls/{id}", { key, params: { id: String(created.json.id) } })).text);
        responses.push((await call("GET /calls", { key, query: `caller=${encodeURIComponent(caller)}` })).text);
      }
      // A refused call with a number in it: the error must not echo it.
      responses.push((await call("POST /test-calls", { key: testKey, body: { caller: "+2348035550789", to: "+2348035550789" } })).text);
      for (const mode of ["live", "test"]) {
        const res = await exportCallLog(await ws.member(ws.owner), new URLSearchParams({ mode }), "req_test");
        responses.push(await res.text());
      }
      const haystacks = {
        database: await dumpDatabase(),
        logs: logs.text(),
        responses: responses.join("\n"),
        files: filesUnder(path.join(config().DATA_DIR, "objects")).map((f) => readFileSync(f).toString("latin1")).join("\n"),
      };
      expect(haystacks.database).toContain("*** *** 789"); // the scan reads real data
      expect(haystacks.files.length).toBeGreaterThan(0); // recordings were written
      for (const caller of callers) {
        for (const window of digitWindows(caller)) {
          for (const [where, text] of Object.entries(haystacks)) {
            expect(text.includes(window), `${caller}: "${window}" found in ${where}`).toBe(false);
          }
        }
      }
    } finally {
      logs.restore();
    }
  });

  it("search by number finds exactly that caller's calls, whatever the number's spelling", async () => {
    const { key } = await insertKey(ws.workspace.id, { mode: "test", scopes: ALL });
    const made: Record<"+2348031234567" | "+2348031234568", string[]> = { "+2348031234567": [], "+2348031234568": [] };
    for (const caller of ["+2348031234567", "+2348031234568", "+2348031234567"] as const) {
      const res = await call("POST /test-calls", { key, body: { caller, status: "no_answer" } });
      made[caller].push(String(res.json.id));
    }
    const found = await call("GET /calls", { key, query: `caller=${encodeURIComponent("+234 803 123 4567")}` });
    expect((found.json.data as { id: string }[]).map((c) => c.id).sort()).toEqual(made["+2348031234567"].sort());
    const single = await call("GET /calls", { key, query: `caller=${encodeURIComponent("+2348031234568")}` });
    expect((single.json.data as { id: string }[]).map((c) => c.id)).toEqual(made["+2348031234568"]);
    const none = await call("GET /calls", { key, query: `caller=${encodeURIComponent("+2348031234569")}` });
    expect(none.json.data).toEqual([]);
    // A partial number is not a search: tokens match whole numbers only.
    const partial = await call("GET /calls", { key, query: "caller=4567" });
    expect(partial.status).toBe(400);
    expect(partial.json.error?.code).toBe("VALIDATION_FAILED");
    // The same number in another workspace has another token: B finds nothing of A's.
    const { key: otherKey } = await insertKey(other.workspace.id, { mode: "test", scopes: ALL });
    expect((await call("GET /calls", { key: otherKey, query: `caller=${encodeURIComponent("+2348031234567")}` })).json.data).toEqual([]);
  });
});

describe("with masking off", () => {
  it("full numbers go only to holders of calls:read_unmasked, never to agents, and hide again when masking is back on", async () => {
    const owner = await ws.member(ws.owner);
    await setCallerMasking(owner, false);
    const admin = await ws.member(ws.admin);
    const created = await runTestCall(admin.inMode("live"), { caller: "+2348039998877", direction: "inbound", status: "completed" });
    expect(created.caller_number).toBe("+2348039998877");
    const stored = await db().call.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.callerNumberEnc).toMatch(/^v1\.\d+\./);
    expect(JSON.stringify(stored)).not.toContain("8039998877");

    // The agent, even with calls:read_unmasked granted to them personally, does not hold it
    // (the matrix says why) and sees the mask.
    const agentCtx = await ws.member(ws.agent);
    await db().memberPermissionOverride.create({
      data: { workspaceId: ws.workspace.id, membershipId: agentCtx.membership.id, permission: "calls:read_unmasked", granted: true },
    });
    const agent = await ws.member(ws.agent);
    expect(agent.can("calls:read_unmasked")).toBe(false);
    expect(agent.permissions.explain("calls:read_unmasked")).toEqual({ granted: false, source: { kind: "role_limit", role: "agent" } });
    const seenByAgent = await getCall(agent.inMode("live"), created.id);
    expect(seenByAgent.caller_number).toBeUndefined();
    expect(seenByAgent.caller_display).toBe("+234 *** *** 877");
    const agentList = await listCalls(agent.inMode("live"), { limit: 100, sort: "-started_at" });
    expect(JSON.stringify(agentList)).not.toContain("8039998877");
    // …and an agent cannot mint a key that would.
    await db().memberPermissionOverride.create({ data: { workspaceId: ws.workspace.id, membershipId: agentCtx.membership.id, permission: "api_keys:manage", granted: true } });
    await expect(
      createApiKey(await ws.member(ws.agent), { name: "sneaky", type: "sk", mode: "live", scopes: ["calls:read", "calls:read_unmasked"] }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });

    // Keys: only with the scope.
    const { key: full } = await insertKey(ws.workspace.id, { mode: "live", scopes: ["calls:read", "calls:read_unmasked"] });
    const { key: masked } = await insertKey(ws.workspace.id, { mode: "live", scopes: ["calls:read"] });
    expect((await call("GET /calls/{id}", { key: full, params: { id: created.id } })).json.caller_number).toBe("+2348039998877");
    expect((await call("GET /calls/{id}", { key: masked, params: { id: created.id } })).json).not.toHaveProperty("caller_number");

    // The export follows the same rules.
    const adminCsv = await (await exportCallLog(admin, new URLSearchParams(), "req_test")).text();
    expect(adminCsv).toContain("+2348039998877");

    // Masking back on: the stored number is hidden from everyone at once.
    await setCallerMasking(owner, true);
    const again = await getCall((await ws.member(ws.admin)).inMode("live"), created.id);
    expect(again.caller_number).toBeUndefined();
    expect((await call("GET /calls/{id}", { key: full, params: { id: created.id } })).json).not.toHaveProperty("caller_number");
    const audit = await db().auditLog.findMany({ where: { workspaceId: ws.workspace.id, action: "settings.caller_masking_changed" } });
    expect(audit).toHaveLength(2);
  });
});

describe("sealed columns", () => {
  it("a transcript or number moved to another workspace's call fails to decrypt (and the API says only INTERNAL)", async () => {
    const a = await runTestCall((await ws.member(ws.owner)).inMode("live"), { direction: "inbound", status: "completed" });
    const b = await runTestCall((await other.member(other.owner)).inMode("live"), { direction: "inbound", status: "completed" });
    const source = await db().call.findUniqueOrThrow({ where: { id: a.id } });
    expect(source.transcriptEnc).not.toBeNull(); // a completed test call always has a transcript
    expect(source.recordingKey).not.toBeNull();
    await db().call.update({ where: { id: b.id }, data: { transcriptEnc: source.transcriptEnc } });
    await expect(getCall((await other.member(other.owner)).inMode("live"), b.id)).rejects.toBeInstanceOf(DecryptionError);
    const { key } = await insertKey(other.workspace.id, { mode: "live", scopes: ["calls:read"] });
    const res = await call("GET /calls/{id}", { key, params: { id: b.id } });
    expect(res.status).toBe(500);
    expect(res.json.error?.code).toBe("INTERNAL");
    expect(res.text).not.toContain("decrypt");
  });

  it("key rotation: calls sealed before and after both read back", async () => {
    const owner = await ws.member(ws.owner);
    const before = await runTestCall(owner.inMode("live"), { direction: "inbound", status: "completed", transcript: "Caller: before rotation" });
    const version = await rotateDataKey(ws.workspace.id);
    const after = await runTestCall(owner.inMode("live"), { direction: "inbound", status: "completed", transcript: "Caller: after rotation" });
    const rows = await db().call.findMany({ where: { id: { in: [before.id, after.id] } } });
    const versions = Object.fromEntries(rows.map((r) => [r.id, r.transcriptEnc!.split(".")[1]]));
    expect(Number(versions[after.id])).toBe(version);
    expect(Number(versions[before.id])).toBeLessThan(version);
    expect((await getCall(owner.inMode("live"), before.id)).transcript).toBe("Caller: before rotation");
    expect((await getCall(owner.inMode("live"), after.id)).transcript).toBe("Caller: after rotation");
  });
});
