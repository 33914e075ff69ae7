import { readdir } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChain } from "@/lib/audit/verify";
import { PLATFORM_CHAIN } from "@/lib/audit/context";
import type { WorkspaceContext } from "@/lib/authz/context";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { objectStore, useObjectStoreForTests } from "@/lib/storage/object-store";
import { runOnce } from "@/lib/webhooks/worker";
import { deleteDueWorkspaces } from "@/lib/workspaces/deletion";
import { cancelWorkspace, DELETION_GRACE_DAYS, reactivateWorkspace } from "@/lib/workspaces/lifecycle";
import { call, insertKey } from "../support/api";
import { callsWorkspace, dumpDatabase } from "../support/calls";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";

const DAY_MS = 86_400_000;
let database: TestDatabase;
let server: Server;
let receiverUrl: string;
const received: string[] = [];

type Fixture = Awaited<ReturnType<typeof callsWorkspace>> & { key: string };

/** A workspace with a key, a webhook endpoint on the loopback receiver and two test calls with recordings. */
async function fixture(slug: string): Promise<Fixture> {
  const ws = await callsWorkspace(slug);
  const key = (await insertKey(ws.workspace.id, { mode: "test", scopes: ["webhooks:manage", "test_calls:run", "calls:read"] })).key;
  const endpoint = await call("POST /webhook-endpoints", { key, body: { url: receiverUrl, events: ["call.completed"] } });
  expect(endpoint.status).toBe(201);
  for (const caller of ["+2348035550789", "+2348035550790"]) {
    expect((await call("POST /test-calls", { key, body: { status: "completed", caller } })).status).toBe(201);
  }
  return { ...ws, key };
}

const deliverAll = () => runOnce({ now: () => new Date() }, 50);

async function filesUnder(prefix: string): Promise<string[]> {
  return readdir(path.join(config().DATA_DIR, "objects", prefix)).catch(() => []);
}

let a: Fixture;
let b: Fixture;

beforeAll(async () => {
  await useTestEnv({ OUTBOUND_ALLOW_LOOPBACK: "true" });
  useObjectStoreForTests(undefined);
  database = await createTestDatabase();
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push(body);
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  a = await fixture("cancel-a");
  b = await fixture("cancel-b");
  await deliverAll();
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await database.close();
});

describe("cancelling a workspace", () => {
  it("is for owners only, with the workspace's name typed", async () => {
    await expect(cancelWorkspace(await a.member(a.admin), "cancel-a")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(cancelWorkspace(await a.member(a.owner), "cancel-b")).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    expect((await db().workspace.findUniqueOrThrow({ where: { id: a.workspace.id } })).cancelledAt).toBeNull();
  });

  it("closes it at once: read-only members, keys 401, webhooks paused; reactivation undoes all three", async () => {
    const now = new Date();
    const closure = await cancelWorkspace(await a.member(a.owner), " cancel-a ", now);
    expect(closure.deletionDueAt.getTime() - now.getTime()).toBe(DELETION_GRACE_DAYS * DAY_MS);
    await expect(cancelWorkspace(await a.member(a.owner), "cancel-a")).rejects.toMatchObject({ code: "CONFLICT" });

    const owner: WorkspaceContext = await a.member(a.owner);
    expect(owner.workspace.closure?.deletionDueAt.toISOString()).toBe(closure.deletionDueAt.toISOString());
    expect(owner.permissions.list().sort()).toEqual(["api_keys:read", "audit:read", "calls:read", "settings:manage"]);
    expect(owner.can("team:manage")).toBe(false);
    expect((await a.member(a.admin)).permissions.list()).toEqual([]);
    expect((await b.member(b.admin)).can("team:manage")).toBe(true);

    const refused = await call("GET /calls", { key: a.key });
    expect(refused.status).toBe(401);
    expect(refused.json.error?.code).toBe("INVALID_API_KEY");
    expect((await call("GET /calls", { key: b.key })).status).toBe(200);

    // An event already queued for A waits; B's is delivered.
    const queued = await db().webhookEvent.create({ data: { id: "evt_cancel_a_queued", workspaceId: a.workspace.id, mode: "test", type: "call.completed", body: "{\"id\":\"evt_cancel_a_queued\"}" } });
    const endpointA = await db().webhookEndpoint.findFirstOrThrow({ where: { workspaceId: a.workspace.id } });
    await db().webhookDelivery.create({ data: { workspaceId: a.workspace.id, eventId: queued.id, endpointId: endpointA.id } });
    expect((await call("POST /test-calls", { key: b.key, body: { status: "completed" } })).status).toBe(201);
    received.length = 0;
    await deliverAll();
    expect(received).toHaveLength(1);
    expect(received[0]).not.toContain("evt_cancel_a_queued");

    const audit = await db().auditLog.findFirstOrThrow({ where: { chainKey: a.workspace.id, action: "workspace.cancelled" } });
    expect(audit.actorId).toBe(a.owner.id);
    const mail = await db().outboxEmail.findFirstOrThrow({ where: { to: "owner@cancel-a.test", subject: { contains: "cancelled" } } });
    expect(mail.text).toContain(closure.deletionDueAt.toISOString().slice(0, 10));

    await expect(reactivateWorkspace(await a.member(a.admin))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await reactivateWorkspace(await a.member(a.owner));
    expect((await a.member(a.owner)).workspace.closure).toBeNull();
    expect((await call("GET /calls", { key: a.key })).status).toBe(200);
    received.length = 0;
    await deliverAll();
    expect(received.some((body) => body.includes("evt_cancel_a_queued"))).toBe(true);
    await expect(reactivateWorkspace(await a.member(a.owner))).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db().auditLog.count({ where: { chainKey: a.workspace.id, action: "workspace.reactivated" } })).toBe(1);
  });
});

describe("deletion after the grace period", () => {
  it("the database refuses to erase a chain unless its workspace is cancelled and due", async () => {
    const eraseB = db().$transaction(async (tx) => {
      await tx.$queryRaw`SELECT set_config('switchboard.workspace_erasure', ${b.workspace.id}, true)`;
      await tx.$executeRaw`DELETE FROM audit_logs WHERE chain_key = ${b.workspace.id}`;
    });
    await expect(eraseB).rejects.toThrow(/append-only/);
    // Cancelled, but its date is a month away.
    await cancelWorkspace(await b.member(b.owner), "cancel-b");
    const early = db().$transaction(async (tx) => {
      await tx.$queryRaw`SELECT set_config('switchboard.workspace_erasure', ${b.workspace.id}, true)`;
      await tx.$executeRaw`DELETE FROM audit_logs WHERE chain_key = ${b.workspace.id}`;
    });
    await expect(early).rejects.toThrow(/append-only/);
    expect((await deleteDueWorkspaces({ now: new Date() })).deleted).toEqual([]);
    await reactivateWorkspace(await b.member(b.owner));
  });

  it("removes every recording, transcript and row of the workspace; only an anonymised record remains; others untouched", async () => {
    const id = a.workspace.id;
    const recordingKeys = (await db().call.findMany({ where: { workspaceId: id }, select: { recordingKey: true } })).map((c) => c.recordingKey!);
    expect(recordingKeys.length).toBeGreaterThanOrEqual(2);
    expect(await filesUnder(`recordings/${id}`)).toHaveLength(recordingKeys.length);
    expect(await db().call.count({ where: { workspaceId: id, transcriptEnc: { not: null } } })).toBeGreaterThanOrEqual(2);
    const bCalls = await db().call.count({ where: { workspaceId: b.workspace.id } });
    const bFiles = await filesUnder(`recordings/${b.workspace.id}`);

    // Cancelled 31 days ago: its deletion date has passed by the database's clock too.
    await cancelWorkspace(await a.member(a.owner), "cancel-a", new Date(Date.now() - 31 * DAY_MS));
    const report = await deleteDueWorkspaces({ now: new Date(), batch: 1 });
    expect(report.failures).toBe(0);
    expect(report.deleted).toHaveLength(1);
    expect(report.deleted[0]).toMatchObject({ workspaceId: id, counts: { recordings: recordingKeys.length, calls: recordingKeys.length } });

    for (const key of recordingKeys) expect(await objectStore().get(key)).toBeNull();
    expect(await filesUnder(`recordings/${id}`)).toEqual([]);
    expect(await db().workspace.count({ where: { id } })).toBe(0);

    // A full dump: the id appears only in the platform's `workspace.deleted` row; no name, slug or caller.
    const dump = await dumpDatabase();
    const lines = dump.split("\n").filter((line) => line.includes(id));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("workspace.deleted");
    expect(dump).not.toContain("8035550789");
    // The members' accounts are the people's, not the workspace's (they may belong to other
    // workspaces), and the local outbox stands in for mail already sent: the workspace's
    // name is nowhere else.
    const tables = dump.split(/^-- /m).filter((t) => !t.startsWith("users\n") && !t.startsWith("outbox_emails\n"));
    expect(tables.join("")).not.toContain("cancel-a");
    const record = await db().auditLog.findFirstOrThrow({ where: { chainKey: PLATFORM_CHAIN, action: "workspace.deleted" } });
    expect(record.targetId).toBe(id);
    expect(record.targetLabel).toBeNull();
    expect(await verifyChain(PLATFORM_CHAIN)).toMatchObject({ ok: true });

    // B is untouched and still verifies.
    expect(await db().call.count({ where: { workspaceId: b.workspace.id } })).toBe(bCalls);
    expect(await filesUnder(`recordings/${b.workspace.id}`)).toEqual(bFiles);
    expect(await verifyChain(b.workspace.id)).toMatchObject({ ok: true });
    expect((await call("GET /calls", { key: b.key })).status).toBe(200);

    // Nothing left to do on the next run.
    expect(await deleteDueWorkspaces({ now: new Date() })).toEqual({ deleted: [], failures: 0 });
  });
});
