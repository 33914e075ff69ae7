import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { recordAudit } from "@/lib/audit/record";
import { verifyChain } from "@/lib/audit/verify";
import { ForbiddenError } from "@/lib/authz/errors";
import { synthesizeCallAudio } from "@/lib/calls/audio";
import { storeRecording } from "@/lib/calls/recordings";
import { db } from "@/lib/db/client";
import { pruneAuditChain } from "@/lib/retention/audit-prune";
import { DAY_MS } from "@/lib/retention/policy";
import { runRetention, type RetentionReport } from "@/lib/retention/run";
import { runRetentionIfDue } from "@/lib/retention/schedule";
import { objectStore, useObjectStoreForTests } from "@/lib/storage/object-store";
import { getRetentionSettings, setRetentionSettings } from "@/lib/retention/settings";
import { callsWorkspace } from "../support/calls";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { first, present } from "../support/items";

// The injected clock is the real present: audit rows are written "in the past" with a faked
// Date, and the database's own floor (no audit row younger than 30 days by its clock, even
// on the retention path) must see them as old.
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
const ago = (days: number, extraMs = 0) => new Date(NOW.getTime() - days * DAY_MS - extraMs);
const system = { type: "system" as const, label: "test" };

let database: TestDatabase;

async function insertCall(workspaceId: string, startedAt: Date, options: { recording?: boolean; transcript?: boolean } = {}) {
  const call = await db().call.create({
    data: {
      workspaceId,
      mode: "live",
      direction: "inbound",
      status: "completed",
      callerToken: "t".repeat(43),
      callerDisplay: "+234 *** *** 789",
      toNumber: "+14155550142",
      startedAt,
      durationSeconds: 1,
      transcriptEnc: options.transcript ? "sealed-transcript" : null,
    },
  });
  let key: string | null = null;
  if (options.recording) {
    key = await storeRecording(workspaceId, call.id, synthesizeCallAudio(call.id, 1));
    await db().call.update({ where: { id: call.id }, data: { recordingKey: key } });
  }
  return { id: call.id, key };
}

/** Audit rows dated `at` (recordAudit stamps Date.now()). */
async function auditAt(workspaceId: string | null, at: Date, n: number) {
  vi.useFakeTimers({ toFake: ["Date"] });
  try {
    vi.setSystemTime(at);
    for (let i = 0; i < n; i++) await recordAudit({ actor: system, workspaceId }, "workspace.created", { type: "workspace", id: workspaceId }, { after: { i } });
  } finally {
    vi.useRealTimers();
  }
}

async function webhookFixtures(workspaceId: string, periodDays: number) {
  const endpoint = await db().webhookEndpoint.create({
    data: { workspaceId, mode: "live", url: "https://example.com/hook", events: ["call.completed"], secretEnc: "sealed" },
  });
  const make = async (name: string, at: Date, status: "succeeded" | "pending") => {
    const eventId = `evt_${name}_${workspaceId.slice(0, 8)}`;
    await db().webhookEvent.create({ data: { id: eventId, workspaceId, mode: "live", type: "call.completed", body: "{}", createdAt: at } });
    const delivery = await db().webhookDelivery.create({ data: { workspaceId, eventId, endpointId: endpoint.id, status, attempts: 1, createdAt: at } });
    await db().$executeRaw`UPDATE webhook_deliveries SET updated_at = ${at} WHERE id = ${delivery.id}::uuid`;
    await db().webhookAttempt.create({ data: { workspaceId, deliveryId: delivery.id, number: 1, startedAt: at, latencyMs: 5, statusCode: status === "pending" ? 500 : 200 } });
    return { eventId, deliveryId: delivery.id };
  };
  return {
    old: await make("old", ago(periodDays + 1), "succeeded"),
    young: await make("young", ago(periodDays - 1), "succeeded"),
    oldPending: await make("pend", ago(periodDays + 1), "pending"),
  };
}

/** A widget conversation whose last message was at `at`, its transcript sealed (a stand-in). */
async function widgetConversation(workspaceId: string, at: Date) {
  const configuration = await db().agentConfiguration.create({ data: { workspaceId, name: `Desk ${at.getTime()}`, currentVersion: 1 } });
  // A trigger gives every configuration its widget.
  const widget = await db().widget.findFirstOrThrow({ where: { agentConfigurationId: configuration.id } });
  return (await db().widgetSession.create({ data: { workspaceId, widgetId: widget.id, mode: "live", startedAt: at, lastMessageAt: at, transcriptEnc: "sealed-chat" } })).id;
}

/** Alters a row as a superuser with triggers off: what verifyChain must catch. */
async function tamper(sql: string) {
  await db().$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`);
    await tx.$executeRawUnsafe(sql);
  });
}

const sumCounts = (reports: RetentionReport[], workspaceId: string, kind: keyof RetentionReport["workspaces"][number]["counts"]) =>
  reports.reduce((a, r) => a + (r.workspaces.find((w) => w.workspaceId === workspaceId)?.counts[kind] ?? 0), 0);

let a: string;
let b: string;
const fx: Record<string, Awaited<ReturnType<typeof insertCall>>> = {};
const fixture = (name: string) => present(fx[name], `fixture call ${name}`);
let webhooksA: Awaited<ReturnType<typeof webhookFixtures>>;
let webhooksB: Awaited<ReturnType<typeof webhookFixtures>>;
let report: RetentionReport;
const chats: Record<string, string> = {};

beforeAll(async () => {
  await useTestEnv();
  useObjectStoreForTests(undefined);
  database = await createTestDatabase();
  a = (await db().workspace.create({ data: { slug: "ret-a", name: "A" } })).id;
  // B keeps everything for a year.
  b = (
    await db().workspace.create({
      data: { slug: "ret-b", name: "B", retentionRecordingsDays: 365, retentionTranscriptsDays: 365, retentionWebhookLogsDays: 365, retentionSecurityEventsDays: 365, retentionAuditDays: 365 },
    })
  ).id;
  for (const [ws, tag] of [[a, "a"], [b, "b"]] as const) {
    fx[`${tag}RecOld`] = await insertCall(ws, ago(31), { recording: true });
    fx[`${tag}RecYoung`] = await insertCall(ws, ago(29), { recording: true });
    fx[`${tag}TxOld`] = await insertCall(ws, ago(91), { transcript: true });
    fx[`${tag}TxYoung`] = await insertCall(ws, ago(89), { transcript: true });
    chats[`${tag}Old`] = await widgetConversation(ws, ago(91));
    chats[`${tag}Young`] = await widgetConversation(ws, ago(89));
    await db().securityEvent.createMany({
      data: [
        { workspaceId: ws, type: "rate_limited", occurredAt: ago(91) },
        { workspaceId: ws, type: "rate_limited", occurredAt: ago(89) },
      ],
    });
    await auditAt(ws, ago(91), 3);
    await auditAt(ws, ago(89), 2);
  }
  webhooksA = await webhookFixtures(a, 30);
  webhooksB = await webhookFixtures(b, 30);
  await db().securityEvent.createMany({ data: [{ type: "sign_in_failed", occurredAt: ago(91) }, { type: "sign_in_failed", occurredAt: ago(89) }] });
  await db().outboxEmail.createMany({
    data: [
      { to: "old@example.com", subject: "old", text: "x", transport: "outbox", createdAt: ago(8) },
      { to: "new@example.com", subject: "new", text: "x", transport: "outbox", createdAt: ago(6) },
    ],
  });
  report = await runRetention({ now: NOW, batch: 2 });
});
afterAll(async () => database.close());

describe("retention run", () => {
  it("reports exactly what was past its period, per workspace and for the platform", () => {
    expect(report.failures).toBe(0);
    expect(report.workspaces).toEqual([
      { workspaceId: a, counts: { recordings: 1, transcripts: 1, widgetTranscripts: 1, webhookAttempts: 2, webhookDeliveries: 1, webhookEvents: 1, securityEvents: 1, auditRows: 3 } },
    ]);
    expect(report.platform).toEqual({ securityEvents: 1, auditRows: 0, outboxEmails: 1 });
  });

  it("clears widget conversations whose last message is past the transcripts period; younger ones and another workspace's stay", async () => {
    const transcriptOf = async (id: string) => (await db().widgetSession.findUniqueOrThrow({ where: { id: present(chats[id], id) } })).transcriptEnc;
    expect(await transcriptOf("aOld")).toBeNull();
    expect(await transcriptOf("aYoung")).toBe("sealed-chat");
    expect(await transcriptOf("bOld")).toBe("sealed-chat");
  });

  it("removes recordings past the period from the object store and clears their keys; younger ones and another workspace's stay", async () => {
    const old = fixture("aRecOld");
    expect(await objectStore().get(old.key!)).toBeNull();
    expect((await db().call.findUniqueOrThrow({ where: { id: old.id } })).recordingKey).toBeNull();
    for (const kept of [fixture("aRecYoung"), fixture("bRecOld"), fixture("bRecYoung")]) {
      expect(await objectStore().get(kept.key!)).not.toBeNull();
      expect((await db().call.findUniqueOrThrow({ where: { id: kept.id } })).recordingKey).toBe(kept.key);
    }
  });

  it("clears transcripts past the period only", async () => {
    const transcript = async (id: string) => (await db().call.findUniqueOrThrow({ where: { id } })).transcriptEnc;
    expect(await transcript(fixture("aTxOld").id)).toBeNull();
    expect(await transcript(fixture("aTxYoung").id)).toBe("sealed-transcript");
    expect(await transcript(fixture("bTxOld").id)).toBe("sealed-transcript");
  });

  it("removes old attempts and finished deliveries with their events; pending deliveries and their events stay", async () => {
    expect(await db().webhookDelivery.findUnique({ where: { id: webhooksA.old.deliveryId } })).toBeNull();
    expect(await db().webhookEvent.findUnique({ where: { id: webhooksA.old.eventId } })).toBeNull();
    expect(await db().webhookAttempt.count({ where: { deliveryId: webhooksA.oldPending.deliveryId } })).toBe(0);
    expect(await db().webhookDelivery.findUnique({ where: { id: webhooksA.oldPending.deliveryId } })).not.toBeNull();
    expect(await db().webhookEvent.findUnique({ where: { id: webhooksA.oldPending.eventId } })).not.toBeNull();
    expect(await db().webhookAttempt.count({ where: { deliveryId: webhooksA.young.deliveryId } })).toBe(1);
    expect(await db().webhookAttempt.count({ where: { workspaceId: b } })).toBe(3);
    expect(await db().webhookEvent.count({ where: { workspaceId: b } })).toBe(3);
    expect(await db().webhookDelivery.findUnique({ where: { id: webhooksB.old.deliveryId } })).not.toBeNull();
  });

  it("removes security events and outbox emails past their periods", async () => {
    expect(await db().securityEvent.count({ where: { workspaceId: a } })).toBe(1);
    expect(await db().securityEvent.count({ where: { workspaceId: b } })).toBe(2);
    expect(await db().securityEvent.count({ where: { workspaceId: null } })).toBe(1);
    expect((await db().outboxEmail.findMany({ select: { subject: true } })).map((e) => e.subject)).toEqual(["new"]);
  });

  it("removes old audit rows from the start of the chain, which still verifies from its checkpoint", async () => {
    const seqs = (await db().auditLog.findMany({ where: { workspaceId: a }, orderBy: { seq: "asc" }, select: { seq: true, action: true } })).map((r) => [Number(r.seq), r.action]);
    expect(seqs).toEqual([[4, "workspace.created"], [5, "workspace.created"], [6, "retention.ran"]]);
    const checkpoint = await db().auditCheckpoint.findUniqueOrThrow({ where: { chainKey: a } });
    expect(checkpoint.seq).toBe(3n);
    expect(await verifyChain(a)).toEqual({ ok: true, checked: 3 });
    expect(await db().auditLog.count({ where: { workspaceId: b } })).toBe(5);
    expect(await verifyChain(b)).toEqual({ ok: true, checked: 5 });
  });

  it("audits the run with its counts and periods, as the system", async () => {
    const row = await db().auditLog.findFirstOrThrow({ where: { workspaceId: a, action: "retention.ran" } });
    expect(row.actorType).toBe("system");
    expect(row.changes).toMatchObject({ deleted: first(report.workspaces, "workspace in the report").counts, periods: { recordingsDays: 30, auditDays: 90 } });
    expect(await db().auditLog.count({ where: { workspaceId: b, action: "retention.ran" } })).toBe(0);
    const platform = await db().auditLog.findFirstOrThrow({ where: { chainKey: "platform", action: "retention.ran" } });
    expect(platform.changes).toMatchObject({ workspaces: 1, deletedInWorkspaces: 11, platform: { outboxEmails: 1, securityEvents: 1 } });
  });

  it("a second run at the same instant removes nothing and writes no audit row", async () => {
    const again = await runRetention({ now: NOW });
    expect(again.workspaces).toEqual([]);
    expect(again.platform).toEqual({ securityEvents: 0, auditRows: 0, outboxEmails: 0 });
    expect(await db().auditLog.count({ where: { action: "retention.ran" } })).toBe(2);
  });

  it("the database refuses audit deletions outside the privileged path, above the checkpoint, or younger than 30 days", async () => {
    await expect(db().$executeRawUnsafe(`DELETE FROM audit_logs WHERE chain_key = '${a}'`)).rejects.toThrow(/append-only/);
    await expect(
      db().$transaction(async (tx) => {
        await tx.$queryRaw`SELECT set_config('switchboard.audit_retention', 'on', true)`;
        await tx.$executeRawUnsafe(`DELETE FROM audit_logs WHERE chain_key = '${a}' AND seq = 4`);
      }),
    ).rejects.toThrow(/append-only/);
    // Moving the checkpoint backwards, onto a made-up hash, or outside the path is refused.
    await expect(db().$executeRawUnsafe(`UPDATE audit_checkpoints SET seq = 1 WHERE chain_key = '${a}'`)).rejects.toThrow(/retention path/);
    await expect(
      db().$transaction(async (tx) => {
        await tx.$queryRaw`SELECT set_config('switchboard.audit_retention', 'on', true)`;
        await tx.$executeRawUnsafe(`UPDATE audit_checkpoints SET seq = 5, hash = '${"f".repeat(64)}' WHERE chain_key = '${a}'`);
      }),
    ).rejects.toThrow(/existing audit row/);
    // Fresh rows: even with a cutoff in the future, the database's 30-day floor holds.
    const fresh = (await db().workspace.create({ data: { slug: "ret-fresh", name: "Fresh" } })).id;
    await recordAudit({ actor: system, workspaceId: fresh }, "workspace.created");
    await expect(pruneAuditChain(fresh, new Date(Date.now() + DAY_MS), 10)).rejects.toThrow(/append-only/);
    expect(await verifyChain(fresh)).toEqual({ ok: true, checked: 1 });
  });

  it("verifyChain still catches a remaining row altered or a checkpoint rewritten behind the app's back", async () => {
    await tamper(`UPDATE audit_logs SET ip = '10.0.0.1' WHERE chain_key = '${a}' AND seq = 5`);
    expect(await verifyChain(a)).toMatchObject({ ok: false, brokenAtSeq: 5n, reason: "hash_mismatch" });
    // B lost no rows: its checkpoint is the genesis anchor the run left, rewritten here.
    expect(await db().auditCheckpoint.findUniqueOrThrow({ where: { chainKey: b } })).toMatchObject({ seq: 0n });
    await tamper(`UPDATE audit_checkpoints SET hash = '${"e".repeat(64)}' WHERE chain_key = '${b}'`);
    expect(await verifyChain(b)).toMatchObject({ ok: false, brokenAtSeq: 1n, reason: "link_mismatch" });
  });
});

describe("concurrent runs", () => {
  it("two runs at once neither crash nor double-delete, and the chain verifies", async () => {
    const c = (await db().workspace.create({ data: { slug: "ret-c", name: "C" } })).id;
    const calls = [];
    for (let i = 0; i < 12; i++) calls.push(await insertCall(c, ago(100), { recording: true, transcript: true }));
    await db().securityEvent.createMany({ data: Array.from({ length: 15 }, () => ({ workspaceId: c, type: "rate_limited", occurredAt: ago(100) })) });
    await auditAt(c, ago(120), 17);
    await auditAt(c, ago(10), 2);
    const later = new Date(NOW.getTime() + 1000);
    const reports = await Promise.all([runRetention({ now: later, batch: 4 }), runRetention({ now: later, batch: 4 })]);
    expect(reports.map((r) => r.failures)).toEqual([0, 0]);
    expect(sumCounts(reports, c, "recordings")).toBe(12);
    expect(sumCounts(reports, c, "transcripts")).toBe(12);
    expect(sumCounts(reports, c, "securityEvents")).toBe(15);
    expect(sumCounts(reports, c, "auditRows")).toBe(17);
    for (const call of calls) expect(await objectStore().get(call.key!)).toBeNull();
    expect(await db().call.count({ where: { workspaceId: c, OR: [{ recordingKey: { not: null } }, { transcriptEnc: { not: null } }] } })).toBe(0);
    const ranRows = await db().auditLog.count({ where: { workspaceId: c, action: "retention.ran" } });
    expect(await verifyChain(c)).toEqual({ ok: true, checked: 2 + ranRows });
  });
});

describe("schedule", () => {
  it("lets one caller in per hour, however many ask at once", async () => {
    const t0 = new Date(NOW.getTime() + 2 * DAY_MS);
    const first = await Promise.all([runRetentionIfDue({ now: t0 }), runRetentionIfDue({ now: t0 }), runRetentionIfDue({ now: t0 })]);
    expect(first.filter((r) => r !== null)).toHaveLength(1);
    expect(await runRetentionIfDue({ now: new Date(t0.getTime() + 30 * 60_000) })).toBeNull();
    expect(await runRetentionIfDue({ now: new Date(t0.getTime() + 61 * 60_000) })).not.toBeNull();
  });
});

describe("retention settings", () => {
  it("owners read and change periods within bounds, audited with before/after; others are refused", async () => {
    const { workspace, owner, agent, member } = await callsWorkspace("ret-settings");
    const ownerCtx = await member(owner);
    expect(await getRetentionSettings(ownerCtx)).toEqual({ recordingsDays: 30, transcriptsDays: 90, webhookLogsDays: 30, securityEventsDays: 90, auditDays: 90 });
    const updated = await setRetentionSettings(ownerCtx, { recordingsDays: 7, auditDays: 365 });
    expect(updated).toMatchObject({ recordingsDays: 7, auditDays: 365, transcriptsDays: 90 });
    const row = await db().auditLog.findFirstOrThrow({ where: { workspaceId: workspace.id, action: "settings.retention_changed" } });
    expect(row.changes).toEqual({ before: { recordingsDays: 30, auditDays: 90 }, after: { recordingsDays: 7, auditDays: 365 } });
    await expect(setRetentionSettings(ownerCtx, { auditDays: 29 })).rejects.toThrow();
    await expect(setRetentionSettings(ownerCtx, { recordingsDays: 0 })).rejects.toThrow();
    await expect(setRetentionSettings(ownerCtx, { transcriptsDays: 3651 })).rejects.toThrow();
    await expect(setRetentionSettings(await member(agent), { recordingsDays: 1 })).rejects.toBeInstanceOf(ForbiddenError);
    // The database holds the same bounds for writers that skip the schema.
    await expect(db().workspace.update({ where: { id: workspace.id }, data: { retentionAuditDays: 10 } })).rejects.toThrow();
    expect((await getRetentionSettings(ownerCtx)).recordingsDays).toBe(7);
  });
});
