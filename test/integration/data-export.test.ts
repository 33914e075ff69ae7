import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import yauzl from "yauzl";
import { NextRequest } from "next/server";
import { GET as exportRoute } from "@/app/(dashboard)/[workspace]/settings/export/route";
import { withRequestFacts } from "@/lib/entry/facts";
import { EXPORT_COLUMNS } from "@/lib/calls/export";
import { AUDIT_EXPORT_COLUMNS } from "@/lib/audit/export";
import { runTestCall } from "@/lib/calls/test-calls";
import { db } from "@/lib/db/client";
import { addGroupMember, createGroup, setGroupOverride } from "@/lib/groups/groups";
import { createEndpoint } from "@/lib/webhooks/endpoints";
import { createConfiguration } from "@/lib/agent-config/configurations";
import { updateNumber } from "@/lib/phone-numbers/numbers";
import { API_KEY_EXPORT_COLUMNS, DATA_EXPORT_FILES, exportWorkspaceData, MEMBER_EXPORT_COLUMNS, STEP_UP_MESSAGE } from "@/lib/workspaces/data-export";
import { insertKey } from "../support/api";
import { callsWorkspace, digitWindows } from "../support/calls";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { sessionFactsOf } from "../support/entries";
import { useTestEnv } from "../support/env";
import { first } from "../support/items";

let database: TestDatabase;
let ws: Awaited<ReturnType<typeof callsWorkspace>>;
let other: Awaited<ReturnType<typeof callsWorkspace>>;
const CALLERS = { live: "+2348035550789", test: "+447911123456" };
const OTHER_CALLER = "+4915123456789";
const stepUpOk = async () => {};

beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
  ws = await callsWorkspace("export-a");
  other = await callsWorkspace("export-b");
});
afterAll(async () => database.close());

/** Every entry of a ZIP, by name, as text. */
async function unzip(bytes: Buffer): Promise<Map<string, string>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z))),
  );
  const files = new Map<string, string>();
  await new Promise<void>((resolve, reject) => {
    zip.on("error", reject);
    zip.on("end", resolve);
    zip.on("entry", (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("error", reject);
        stream.on("end", () => {
          files.set(entry.fileName, Buffer.concat(chunks).toString("utf8"));
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  return files;
}

describe("workspace data export", () => {
  const secrets: string[] = [];
  let files: Map<string, string>;
  let response: Response;

  beforeAll(async () => {
    const owner = await ws.member(ws.owner);
    // Calls with masking on (the default), in both modes, with known callers.
    for (const mode of ["live", "test"] as const) {
      await runTestCall(owner.inMode(mode), { caller: CALLERS[mode], direction: "inbound", status: "completed" });
    }
    await runTestCall((await other.member(other.owner)).inMode("live"), { caller: OTHER_CALLER, direction: "inbound", status: "completed" });
    // Keys, a webhook endpoint with its secret, a group with a member and an override.
    for (const mode of ["live", "test"] as const) secrets.push((await insertKey(ws.workspace.id, { mode, scopes: ["calls:read"] })).key);
    const endpoint = await createEndpoint(owner.inMode("live"), { url: "https://8.8.8.8/switchboard-hook", events: ["call.completed"], description: "CRM sync" });
    secrets.push(endpoint.secret);
    const group = await createGroup(owner, { name: "Night shift", color: "red", description: "" });
    const agentMembership = await db().membership.findFirstOrThrow({ where: { userId: ws.agent.id, workspaceId: ws.workspace.id } });
    await addGroupMember(owner, group.id, agentMembership.id);
    await setGroupOverride(owner, group.id, "calls:read_unmasked", false);
    // An agent configuration answering the live number.
    const configuration = await createConfiguration(owner, { name: "Front desk" });
    const live = await db().phoneNumber.findFirstOrThrow({ where: { workspaceId: ws.workspace.id, mode: "live" } });
    await updateNumber(owner, live.id, { configurationId: configuration.id });

    response = await exportWorkspaceData(await ws.member(ws.owner), "req_export", stepUpOk);
    files = await unzip(Buffer.from(await response.arrayBuffer()));
  });

  it("is a ZIP download with every file, private and never cached", () => {
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="export-a-export-\d{4}-\d{2}-\d{2}\.zip"$/);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect([...files.keys()].sort()).toEqual([...DATA_EXPORT_FILES].sort());
  });

  it("has both modes' calls, masked, with the call export's columns; nothing of other workspaces", () => {
    const rows = parse(files.get("calls.csv")!, { columns: true }) as Record<string, string>[];
    expect(Object.keys(first(rows, "calls.csv row"))).toEqual([...EXPORT_COLUMNS]);
    expect(rows.map((r) => r.mode).sort()).toEqual(["live", "test"]);
    expect(rows.find((r) => r.mode === "live")!.caller).toBe("+234 *** *** 789");
    expect(rows.find((r) => r.mode === "test")!.caller).toMatch(/^\+44 .*456$/);
    expect(files.get("calls.csv")!.match(/^id,/gm)).toHaveLength(1); // one header
  });

  it("has members, groups, key metadata, endpoints and the audit log", () => {
    const members = parse(files.get("members.csv")!, { columns: true }) as Record<string, string>[];
    expect(Object.keys(first(members, "members.csv row"))).toEqual([...MEMBER_EXPORT_COLUMNS]);
    expect(members.map((m) => m.email).sort()).toEqual(["admin@export-a.test", "agent@export-a.test", "owner@export-a.test"]);
    expect(members.find((m) => m.email === "agent@export-a.test")!.groups).toBe("Night shift");

    const groups = JSON.parse(files.get("groups.json")!);
    expect(groups).toEqual([
      expect.objectContaining({ name: "Night shift", colour: "red", members: ["agent@export-a.test"], overrides: [{ permission: "calls:read_unmasked", granted: false }] }),
    ]);

    const keys = parse(files.get("api_keys.csv")!, { columns: true }) as Record<string, string>[];
    expect(Object.keys(first(keys, "api_keys.csv row"))).toEqual([...API_KEY_EXPORT_COLUMNS]);
    expect(keys).toHaveLength(2);
    for (const k of keys) expect(k.key).toMatch(/^sb_(live|test)_sk_.*…[A-Za-z0-9]{4}$/);

    const endpoints = JSON.parse(files.get("webhook_endpoints.json")!);
    expect(endpoints).toEqual([
      { url: "https://8.8.8.8/switchboard-hook", mode: "live", events: ["call.completed"], enabled: true, description: "CRM sync", created_at: expect.any(String) },
    ]);

    const numbers = JSON.parse(files.get("phone_numbers.json")!);
    expect(numbers).toEqual([
      { number: "+14155550100", label: "Main line", mode: "live", agent_configuration: "Front desk", created_at: expect.any(String) },
      { number: "+14155550199", label: "Test line", mode: "test", agent_configuration: null, created_at: expect.any(String) },
    ]);
    const configurations = JSON.parse(files.get("agent_configurations.json")!);
    expect(configurations).toEqual([
      expect.objectContaining({ name: "Front desk", current_version: 1, versions: [expect.objectContaining({ version: 1, author: "owner@export-a.test", settings: expect.any(Object) })] }),
    ]);
    expect(JSON.parse(files.get("knowledge_documents.json")!)).toEqual([]);

    const audit = parse(files.get("audit_log.csv")!, { columns: true }) as Record<string, string>[];
    expect(Object.keys(first(audit, "audit_log.csv row"))).toEqual([...AUDIT_EXPORT_COLUMNS]);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["call.test_created", "group.created", "webhook_endpoint.created"]));

    const readme = files.get("README.txt")!;
    for (const name of DATA_EXPORT_FILES.filter((f) => f !== "README.txt")) expect(readme).toContain(name);
    expect(readme).toContain("Caller masking is ON");
    expect(readme).toMatch(/Exported at \d{4}-\d{2}-\d{2}T/);
  });

  it("holds no secret, hash, ciphertext or masked number anywhere", async () => {
    const all = [...files.values()].join("\n");
    const hashes = [
      ...(await db().apiKey.findMany({ select: { keyHash: true } })).map((k) => k.keyHash),
      ...(await db().user.findMany({ select: { passwordHash: true } })).map((u) => u.passwordHash),
    ];
    const sealed = [
      ...(await db().webhookEndpoint.findMany({ select: { secretEnc: true } })).map((e) => e.secretEnc),
      ...(await db().call.findMany({ select: { transcriptEnc: true } })).flatMap((c) => (c.transcriptEnc ? [c.transcriptEnc] : [])),
    ];
    expect(hashes.length).toBeGreaterThan(3);
    expect(sealed.length).toBeGreaterThan(2);
    for (const s of [...secrets, ...hashes, ...sealed]) expect(all.includes(s), `found ${s.slice(0, 12)}…`).toBe(false);
    expect(all).not.toMatch(/whsec_|sb_(live|test)_sk_[A-Za-z0-9_-]{20,}|secret_enc|\$argon2|\bv1\.\d+\.[A-Za-z0-9_-]+\./);
    for (const caller of [...Object.values(CALLERS), OTHER_CALLER]) {
      for (const window of digitWindows(caller)) expect(all.includes(window), `${caller}: "${window}"`).toBe(false);
    }
    expect(all).not.toContain("export-b");
  });

  it("is audited as workspace.exported, with the counts", async () => {
    const row = await db().auditLog.findFirstOrThrow({ where: { workspaceId: ws.workspace.id, action: "workspace.exported" } });
    expect(row.actorId).toBe(ws.owner.id);
    expect(row.changes).toMatchObject({ after: { files: [...DATA_EXPORT_FILES], calls_live: 1, calls_test: 1 } });
  });
});

describe("who may export", () => {
  it("refuses an admin and an agent (403, a security event, no audit entry)", async () => {
    for (const user of [ws.admin, ws.agent]) {
      const before = await db().auditLog.count({ where: { workspaceId: ws.workspace.id, action: "workspace.exported" } });
      await expect(exportWorkspaceData(await ws.member(user), "req_x", stepUpOk)).rejects.toMatchObject({ code: "FORBIDDEN", status: 403 });
      const event = await db().securityEvent.findFirst({ where: { type: "authorization_denied", userId: user.id, workspaceId: ws.workspace.id } });
      expect(event?.details).toMatchObject({ permission: "owner" });
      expect(await db().auditLog.count({ where: { workspaceId: ws.workspace.id, action: "workspace.exported" } })).toBe(before);
    }
  });

  it("refuses an owner without a recent password, saying how to get one", async () => {
    // Through the real route: lib/entry asks for sudo mode with the export's own words.
    const { facts } = await sessionFactsOf(ws.owner);
    const request = new NextRequest("http://localhost:3000/export-a/settings/export");
    const response = await withRequestFacts(facts, () => exportRoute(request, { params: Promise.resolve({ workspace: "export-a" }) }));
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { message: string; details: unknown } }).error).toMatchObject({ message: STEP_UP_MESSAGE, details: [{ issue: "step_up_required" }] });
    expect(STEP_UP_MESSAGE).toMatch(/confirm your password in Settings/i);
  });
});
