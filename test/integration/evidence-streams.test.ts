import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit/record";
import { recordSecurityEvent } from "@/lib/audit/security-events";
import { db } from "@/lib/db/client";
import { signChainHeads } from "@/lib/evidence/checkpoints";
import * as streamActions from "@/app/(dashboard)/[workspace]/security/streams/actions";
import { entryInfo } from "@/lib/entry/marker";
import { createStream, deleteStream, ownerManager, replaceStreamSecret, setStreamEnabled } from "@/lib/evidence/streams/destinations";
import { streamFormValues, streamInputFromForm } from "@/lib/evidence/streams/form";
import type { CreateStreamInput } from "@/lib/evidence/streams/kinds";
import { listPlatformStreams, staffManager } from "@/lib/evidence/streams/platform";
import { listStreams } from "@/lib/evidence/streams/status";
import { staffContextOf } from "@/lib/operator/context";
import { upsertStaffAccount } from "@/lib/operator/staff-auth";
import { STALL_AFTER_MS } from "@/lib/evidence/streams/stall";
import { claimDueStreams, runStreamsOnce, type StreamWorkerDeps } from "@/lib/evidence/streams/worker";
import { outcome, refusal, withTwoWorkspaces } from "../support/members";
import { first } from "../support/items";
import { datadogReceiver, httpsReceiver, s3Receiver, splunkReceiver, type Receiver } from "./stream-receivers";

const { as } = withTwoWorkspaces({ OUTBOUND_ALLOW_LOOPBACK: "true" });

let clock = new Date();
const deps = (extra: Partial<StreamWorkerDeps> = {}): StreamWorkerDeps => ({ now: () => clock, settleMs: 0, timeoutMs: 2000, random: () => 0.5, ...extra });
const receivers: Receiver<unknown>[] = [];
afterAll(async () => {
  for (const r of receivers) await r.close();
});
function keep<T>(r: Receiver<T>): Receiver<T> {
  receivers.push(r as Receiver<unknown>);
  return r;
}

async function workspaceId(slug = "acme") {
  return (await as("owner", slug)).workspace.id;
}

/** `n` audit rows in the workspace's chain (what any audited action appends). */
async function produceAudit(wsId: string, n: number) {
  for (let i = 0; i < n; i++) await recordAudit({ actor: { type: "system", label: "stream-test" }, workspaceId: wsId }, "retention.ran", { type: "test", id: String(i) });
}

async function addStream(input: CreateStreamInput, slug = "acme") {
  return createStream(await ownerManager(await as("owner", slug), "add an evidence stream"), input);
}

/** JSON with BigInt columns as strings, to search a row for a secret. */
const text = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));

/** The test clock never runs behind real time: a new stream is due from the database's now. */
const catchUp = () => {
  clock = new Date(Math.max(clock.getTime(), Date.now()));
};

/** The seqs of the workspace's chain after `cursor`, in order: what a stream from there must deliver. */
async function seqsAfter(wsId: string, cursor: bigint) {
  const rows = await db().auditLog.findMany({ where: { chainKey: wsId, seq: { gt: cursor } }, orderBy: { seq: "asc" }, select: { seq: true } });
  return rows.map((r) => Number(r.seq));
}

/** Passes until one delivers nothing (each pass drains what is due). */
async function drain(d: StreamWorkerDeps = deps()) {
  catchUp();
  let total = 0;
  for (let i = 0; i < 200; i++) {
    const n = await runStreamsOnce(d);
    total += n;
    if (n === 0) return total;
  }
  throw new Error("the streams never drained");
}

async function streamRow(id: string) {
  return db().evidenceStream.findUniqueOrThrow({ where: { id } });
}

async function stopOtherStreams(keepId: string) {
  await db().evidenceStream.updateMany({ where: { id: { not: keepId } }, data: { enabled: false } });
}

describe("evidence streams: who may configure them", () => {
  it("only an owner adds a stream; an admin and a developer are refused and nothing is written", async () => {
    for (const role of ["admin", "developer"]) {
      expect(await outcome(ownerManager(await as(role), "add an evidence stream"))).toBe("FORBIDDEN");
    }
    expect(await db().evidenceStream.count()).toBe(0);
  });

  it("the HTTPS secret is shown once; the dashboard view, the audit row and the stored row never hold it", async () => {
    const created = await addStream({ kind: "https", name: "SIEM", url: "http://127.0.0.1:59999/in", sources: ["audit"] });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const secret = created.secret!;
    const row = await streamRow(created.id);
    expect(row.secretEnc).not.toContain(secret);
    expect(row.secretLast4).toBe(secret.slice(-4));
    const views = await listStreams(await as("owner"));
    expect(text(views)).not.toContain(secret);
    // An admin reads the streams' health (audit:read), not their secrets.
    expect(text(await listStreams(await as("admin")))).not.toContain(secret);
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "evidence_stream.created", targetId: created.id } });
    expect(text(audit)).not.toContain(secret);
    expect(audit.changes).toMatchObject({ after: { kind: "https", sources: ["audit"] } });
    await deleteStream(await ownerManager(await as("owner"), "delete"), created.id);
  });

  it("a pasted secret is validated, sealed, never echoed; replacing it is audited with the last four only", async () => {
    const created = await addStream({ kind: "splunk", name: "HEC", url: "http://127.0.0.1:59999", sources: ["audit"], secret: "hec-token-00000000-1111", settings: { source: "sb" } });
    expect(created.secret).toBeUndefined();
    const manager = await ownerManager(await as("owner"), "replace");
    await replaceStreamSecret(manager, created.id, "hec-token-22222222-3333");
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "evidence_stream.secret_replaced", targetId: created.id } });
    expect(audit.changes).toEqual({ before: { secret_last4: "1111" }, after: { secret_last4: "3333" } });
    expect(text(audit)).not.toMatch(/hec-token/);
    expect((await refusal(replaceStreamSecret(manager, created.id, "short"))).field).toBe("secret");
    await deleteStream(manager, created.id);
  });

  it("every dashboard action on streams is a member action in sudo mode", () => {
    const actions = Object.entries(streamActions).filter(([, v]) => typeof v === "function");
    expect(actions.map(([k]) => k).sort()).toEqual(["createStreamAction", "deleteStreamAction", "replaceStreamSecretAction", "setStreamEnabledAction"]);
    for (const [name, action] of actions) expect(entryInfo(action), name).toMatchObject({ kind: "action", caller: "member", stepUp: true });
  });

  it("the form's S3 fields become the input; a bad bucket is refused under its own field; the secret is never echoed", async () => {
    const form = new FormData();
    for (const [k, v] of Object.entries({ kind: "s3", name: "Bucket", url: "http://127.0.0.1:59999", secret: "s3-secret-never-echoed", "settings.bucket": "Not_A_Bucket", "settings.accessKeyId": "AKIAEXAMPLE000001", "settings.retentionMode": "GOVERNANCE", "settings.retentionDays": "7", "settings.forcePathStyle": "on", startFrom: "now" })) form.set(k, v);
    form.append("sources", "audit");
    form.append("sources", "checkpoints");
    const input = streamInputFromForm(form);
    expect(input).toMatchObject({ kind: "s3", sources: ["audit", "checkpoints"], startFrom: "now", settings: { bucket: "Not_A_Bucket", forcePathStyle: true, retentionMode: "GOVERNANCE", retentionDays: 7 } });
    expect(await refusal(addStream(input))).toMatchObject({ code: "VALIDATION_FAILED", field: "settings.bucket" });
    const values = streamFormValues(form);
    expect(values).toMatchObject({ "settings.bucket": "Not_A_Bucket", sources: "audit,checkpoints" });
    expect(JSON.stringify(values)).not.toContain("s3-secret-never-echoed");
  });

  it("a destination on a private or metadata address is refused at save, as a security event", async () => {
    // Loopback is allowed in this file (the receivers); private and link-local never are.
    for (const url of ["http://10.0.0.5/collector", "http://169.254.169.254/latest/meta-data/"]) {
      const r = await refusal(addStream({ kind: "https", name: "x", url, sources: ["audit"] }));
      expect(r).toMatchObject({ code: "VALIDATION_FAILED", field: "url" });
    }
    const events = await db().securityEvent.findMany({ where: { type: "outbound_refused", workspaceId: await workspaceId() } });
    expect(events.map((e) => (e.details as { purpose: string }).purpose)).toEqual(["evidence_stream_destination", "evidence_stream_destination"]);
  });
});

describe("evidence streams: each kind against a receiver that speaks its format", () => {
  it("HTTPS: JSON lines signed like webhooks, audit rows in seq order with their hashes, backfilled from the start", async () => {
    let secret = "";
    const rx = keep(await httpsReceiver(() => secret, () => clock.getTime()));
    const ws = await workspaceId();
    await produceAudit(ws, 5);
    const created = await addStream({ kind: "https", name: "Lines", url: `${rx.url}/ingest`, sources: ["audit"] });
    secret = created.secret!;
    await stopOtherStreams(created.id);
    await drain();
    expect(rx.refused).toEqual([]);
    const records = rx.accepted.flatMap((b) => b.records);
    const head = await db().auditLog.findFirstOrThrow({ where: { chainKey: ws }, orderBy: { seq: "desc" } });
    // Backfill: every row of the chain, 1 … head, in order, once.
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: Number(head.seq) }, (_, i) => i + 1));
    const row = await db().auditLog.findFirstOrThrow({ where: { chainKey: ws, seq: 3n } });
    expect(records[2]).toMatchObject({ source: "audit", chain: ws, seq: 3, action: row.action, prev_hash: row.prevHash, hash: row.hash, occurred_at: row.occurredAt.toISOString() });
    expect(first(rx.accepted).batchId).toMatch(new RegExp(`^${created.id}:audit:1-\\d+$`));
    expect((await streamRow(created.id)).auditCursor).toBe(head.seq);
  });

  it("Splunk HEC: events with time, host, source and sourcetype; a wrong token is a failure that waits", async () => {
    const rx = keep(await splunkReceiver("hec-good-token-1234"));
    const ws = await workspaceId();
    const created = await addStream({ kind: "splunk", name: "Splunk", url: rx.url, sources: ["audit"], startFrom: "now", secret: "hec-bad-token-0000", settings: { index: "security", sourcetype: "switchboard:audit" } });
    await stopOtherStreams(created.id);
    await produceAudit(ws, 3);
    await drain();
    expect(rx.refused).toEqual(["invalid token"]);
    const failed = await streamRow(created.id);
    expect(failed.lastError).toMatch(/^HTTP 403: .*Invalid token/);
    expect(failed.lastError).not.toContain("hec-bad-token");
    const before = failed.auditCursor;
    await replaceStreamSecret(await ownerManager(await as("owner"), "replace"), created.id, "hec-good-token-1234");
    await drain();
    // The stream's own creation row comes first: the SIEM sees that it was set up.
    expect(rx.accepted.map((e) => e.event.seq)).toEqual(await seqsAfter(ws, before));
    expect(rx.accepted.map((e) => e.event.action)).toEqual(["evidence_stream.created", "retention.ran", "retention.ran", "retention.ran", "evidence_stream.secret_replaced"]);
    expect(first(rx.accepted).event).toMatchObject({ action: "evidence_stream.created", target: { type: "evidence_stream", id: created.id } });
    expect(first(rx.accepted)).toMatchObject({ host: "localhost", source: "switchboard", sourcetype: "switchboard:audit", index: "security", event: { source: "audit", chain: ws } });
    expect(Math.abs(first(rx.accepted).time * 1000 - Date.now())).toBeLessThan(60_000);
    const row = await streamRow(created.id);
    expect(row).toMatchObject({ failures: 0, failingSince: null, lastError: expect.stringMatching(/Invalid token/) });
    expect(row.lastSuccessAt).not.toBeNull();
  });

  it("Datadog: a JSON array of logs with ddsource, ddtags, hostname and service; the message is the record", async () => {
    const rx = keep(await datadogReceiver("0123456789abcdef0123456789abcdef"));
    const ws = await workspaceId();
    const created = await addStream({ kind: "datadog", name: "DD", url: rx.url, sources: ["audit", "security_events"], startFrom: "now", secret: "0123456789abcdef0123456789abcdef", settings: { service: "sb-audit", tags: "env:test,team:sec" } });
    await stopOtherStreams(created.id);
    await produceAudit(ws, 2);
    await recordSecurityEvent({ type: "authorization_denied", workspaceId: ws, ip: "203.0.113.9", requestId: "req_dd", userAgent: "ua", details: { reason: "missing" } });
    await drain();
    expect(rx.refused).toEqual([]);
    // The creation row and two more audit rows, then the security event.
    expect(rx.accepted).toHaveLength(4);
    for (const log of rx.accepted) expect(log).toMatchObject({ ddsource: "switchboard", hostname: "localhost", service: "sb-audit" });
    const messages = rx.accepted.map((l) => JSON.parse(l.message) as Record<string, unknown>);
    expect(messages.map((m) => m.source)).toEqual(["audit", "audit", "audit", "security_events"]);
    expect(messages[3]).toMatchObject({ type: "authorization_denied", request_id: "req_dd", user_agent: "ua", count: 1, workspace_id: ws });
    expect(rx.accepted[3]!.ddtags).toBe(`source:security_events,chain:${ws},env:test,team:sec`);
  });

  it("S3: one gzip JSON-lines object per batch, keyed by workspace, stream, day and seq range, SigV4-signed, with Object Lock", async () => {
    const rx = keep(await s3Receiver("evidence-bucket", "AKIAEXAMPLESTREAM01", "s3-secret-key/EXAMPLE+0123456789"));
    const ws = await workspaceId();
    const created = await addStream({
      kind: "s3",
      name: "Bucket",
      url: rx.url,
      sources: ["audit"],
      startFrom: "now",
      secret: "s3-secret-key/EXAMPLE+0123456789",
      settings: { bucket: "evidence-bucket", region: "eu-west-1", accessKeyId: "AKIAEXAMPLESTREAM01", forcePathStyle: true, retentionMode: "COMPLIANCE", retentionDays: 30 },
    });
    await stopOtherStreams(created.id);
    const from = (await streamRow(created.id)).auditCursor;
    await produceAudit(ws, 7);
    await drain(deps({ batchSize: 4 }));
    expect(rx.refused).toEqual([]);
    // The creation row and seven more: batches of 4 → two objects.
    expect(rx.accepted).toHaveLength(2);
    const pad = (n: bigint) => n.toString().padStart(12, "0");
    const day = new Date().toISOString().slice(0, 10).split("-").join("/");
    expect(rx.accepted.map((o) => o.key)).toEqual([
      `switchboard/${ws}/${created.id}/${day}/audit-${pad(from + 1n)}-${pad(from + 4n)}.jsonl.gz`,
      `switchboard/${ws}/${created.id}/${day}/audit-${pad(from + 5n)}-${pad(from + 8n)}.jsonl.gz`,
    ]);
    expect(rx.accepted.flatMap((o) => o.lines.map((l) => l.seq))).toEqual(await seqsAfter(ws, from));
    const headers = first(rx.accepted).headers;
    expect(headers["content-encoding"]).toBe("gzip");
    expect(headers["x-amz-object-lock-mode"]).toBe("COMPLIANCE");
    const until = Date.parse(String(headers["x-amz-object-lock-retain-until-date"]));
    expect(Math.round((until - clock.getTime()) / 86_400_000)).toBe(30);
  });

  it("S3: a wrong secret key fails the SigV4 check at the receiver; nothing advances", async () => {
    const rx = keep(await s3Receiver("evidence-bucket", "AKIAEXAMPLESTREAM01", "the-right-secret-key"));
    const created = await addStream({
      kind: "s3",
      name: "Wrong key",
      url: rx.url,
      sources: ["audit"],
      startFrom: "now",
      secret: "the-wrong-secret-key",
      settings: { bucket: "evidence-bucket", region: "eu-west-1", accessKeyId: "AKIAEXAMPLESTREAM01", forcePathStyle: true },
    });
    await stopOtherStreams(created.id);
    const before = (await streamRow(created.id)).auditCursor;
    await produceAudit(await workspaceId(), 1);
    await drain();
    expect(rx.refused).toEqual(["signature does not match"]);
    const row = await streamRow(created.id);
    expect(row.auditCursor).toBe(before);
    expect(row.lastError).toMatch(/HTTP 403/);
    expect(row.lastError).not.toContain("the-wrong-secret-key");
  });

  it("checkpoints: the chain's signed heads are streamed in the verifier's form", async () => {
    let secret = "";
    const rx = keep(await httpsReceiver(() => secret, () => clock.getTime()));
    const ws = await workspaceId();
    const created = await addStream({ kind: "https", name: "Checkpoints", url: rx.url, sources: ["checkpoints"], startFrom: "now" });
    secret = created.secret!;
    await stopOtherStreams(created.id);
    await produceAudit(ws, 1);
    expect(await signChainHeads({ now: new Date(), chainKeys: [ws] })).toBeGreaterThan(0);
    await drain();
    const records = rx.accepted.flatMap((b) => b.records);
    const head = await db().auditLog.findFirstOrThrow({ where: { chainKey: ws }, orderBy: { seq: "desc" } });
    const last = records.at(-1) as { source: string; chain: string; seq: number; checkpoint: { hash: string; kid: string; signature: string } };
    expect(last).toMatchObject({ source: "checkpoints", chain: ws, seq: Number(head.seq), checkpoint: { hash: head.hash } });
    expect(last.checkpoint.signature).toMatch(/^[A-Za-z0-9_-]{80,}$/);
  });
});

describe("evidence streams: nothing is lost across an outage", () => {
  it("1,000 audit rows and security events produced while the receiver is down all arrive once it is back, in order per chain", async () => {
    let secret = "";
    const rx = keep(await httpsReceiver(() => secret, () => clock.getTime()));
    const acme = await workspaceId("acme");
    const other = await workspaceId("other");
    const a = await addStream({ kind: "https", name: "Acme SIEM", url: rx.url, sources: ["audit", "security_events"], startFrom: "now" });
    secret = a.secret!;
    await stopOtherStreams(a.id);
    const start = await streamRow(a.id);
    await rx.down();
    catchUp();
    // The outage: 1,000 rows in acme's chain (and other workspaces' rows, which must not leak in).
    for (let chunk = 0; chunk < 10; chunk++) {
      await produceAudit(acme, 100);
      await produceAudit(other, 5);
      await recordSecurityEvent({ type: "rate_limited", workspaceId: acme, details: { chunk } });
      await recordSecurityEvent({ type: "rate_limited", workspaceId: other, details: { chunk } });
      clock = new Date(clock.getTime() + 10 * 60_000);
      expect(await runStreamsOnce(deps({ batchSize: 100 }))).toBe(0);
    }
    const during = await streamRow(a.id);
    expect(during.auditCursor).toBe(start.auditCursor);
    expect(during.failures).toBe(10);
    expect(during.lastError).toMatch(/connection was refused/);
    expect(during.failingSince).not.toBeNull();
    const view = first((await listStreams(await as("owner"))).filter((s) => s.id === a.id));
    // 1,000 rows plus the stream's own creation row.
    expect(view.lag.find((l) => l.source === "audit")).toMatchObject({ behind: 1001 });
    expect(view.lag.find((l) => l.source === "security_events")).toMatchObject({ behind: 10 });

    await rx.up();
    clock = new Date(clock.getTime() + 10 * 60_000);
    expect(await drain(deps({ batchSize: 100 }))).toBe(1011);
    expect(rx.refused).toEqual([]);
    const records = rx.accepted.flatMap((b) => b.records);
    const audit = records.filter((r) => r.source === "audit");
    expect(audit.map((r) => r.seq)).toEqual(Array.from({ length: 1001 }, (_, i) => Number(start.auditCursor) + 1 + i));
    expect(audit.filter((r) => r.action === "retention.ran")).toHaveLength(1000);
    expect(audit.every((r) => r.chain === acme)).toBe(true);
    // Each row's prev_hash is the previous row's hash: the receiver holds an unbroken chain.
    for (let i = 1; i < audit.length; i++) expect(audit[i]!.prev_hash).toBe(audit[i - 1]!.hash);
    const security = records.filter((r) => r.source === "security_events");
    expect(security.map((r) => (r.details as { chunk: number }).chunk)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(security.every((r) => r.workspace_id === acme)).toBe(true);
    const after = await streamRow(a.id);
    expect(after).toMatchObject({ failures: 0, failingSince: null, stallNotifiedAt: null });
    expect(Number(after.delivered)).toBe(1011);
  });

  it("Splunk, Datadog and S3 resume from their cursors after an outage too: every row once, in order", async () => {
    const ws = await workspaceId();
    const kinds = [
      { rx: keep(await splunkReceiver("hec-outage-token-1")), input: { kind: "splunk", secret: "hec-outage-token-1", settings: {} }, seqs: (r: Receiver<unknown>) => (r.accepted as { event: { seq: number } }[]).map((e) => e.event.seq) },
      { rx: keep(await datadogReceiver("dd-outage-key-00001")), input: { kind: "datadog", secret: "dd-outage-key-00001", settings: {} }, seqs: (r: Receiver<unknown>) => (r.accepted as { message: string }[]).map((l) => (JSON.parse(l.message) as { seq: number }).seq) },
      {
        rx: keep(await s3Receiver("outage-bucket", "AKIAOUTAGE0000001", "outage-secret-key")),
        input: { kind: "s3", secret: "outage-secret-key", settings: { bucket: "outage-bucket", accessKeyId: "AKIAOUTAGE0000001", forcePathStyle: true } },
        seqs: (r: Receiver<unknown>) => (r.accepted as { lines: { seq: number }[] }[]).flatMap((o) => o.lines.map((l) => l.seq)),
      },
    ] as const;
    const ids: string[] = [];
    for (const k of kinds) ids.push((await addStream({ ...k.input, name: `outage ${k.input.kind}`, url: k.rx.url, sources: ["audit"], startFrom: "now" } as CreateStreamInput)).id);
    await db().evidenceStream.updateMany({ where: { id: { notIn: ids } }, data: { enabled: false } });
    const from = (await streamRow(ids[0]!)).auditCursor;
    for (const k of kinds) await k.rx.down();
    catchUp();
    await produceAudit(ws, 60);
    expect(await runStreamsOnce(deps({ batchSize: 25 }))).toBe(0);
    for (const id of ids) expect((await streamRow(id)).lastError).toMatch(/connection was refused/);
    for (const k of kinds) await k.rx.up();
    clock = new Date(clock.getTime() + 10 * 60_000);
    await drain(deps({ batchSize: 25 }));
    const expected = await seqsAfter(ws, from);
    // Each stream's creation row is in the chain too: each one sees the rows after its own cursor.
    for (const [i, k] of kinds.entries()) {
      const cursor = i === 0 ? from : from + BigInt(i);
      expect(k.seqs(k.rx), k.input.kind).toEqual(expected.filter((seq) => seq > Number(cursor)));
      expect(k.rx.refused).toEqual([]);
    }
  });

  it("a stream failing for more than 30 minutes emails the owners once; recovery re-arms the alert", async () => {
    const rx = keep(await datadogReceiver("the-right-datadog-key-0000"));
    const created = await addStream({ kind: "datadog", name: "Stalls", url: rx.url, sources: ["audit"], startFrom: "now", secret: "the-wrong-datadog-key-0000", settings: {} });
    await stopOtherStreams(created.id);
    await produceAudit(await workspaceId(), 1);
    const emails = () => db().outboxEmail.count({ where: { to: "owner@acme.test", subject: { contains: "Stalls" } } });
    catchUp();
    expect(await runStreamsOnce(deps())).toBe(0);
    expect(await emails()).toBe(0);
    for (let i = 0; i < 4; i++) {
      clock = new Date(clock.getTime() + STALL_AFTER_MS / 2);
      await runStreamsOnce(deps());
    }
    expect(await emails()).toBe(1);
    const mail = await db().outboxEmail.findFirstOrThrow({ where: { to: "owner@acme.test", subject: { contains: "Stalls" } } });
    expect(mail.text).toMatch(/HTTP 403/);
    expect(mail.text).not.toContain("the-wrong-datadog-key");
    // Admins are not owners: not emailed.
    expect(await db().outboxEmail.count({ where: { to: "admin@acme.test", subject: { contains: "Stalls" } } })).toBe(0);
    expect(first(await listStreams(await as("owner"), clock)).isStalled).toBe(true);
    await replaceStreamSecret(await ownerManager(await as("owner"), "replace"), created.id, "the-right-datadog-key-0000", clock);
    await drain();
    expect((await streamRow(created.id)).stallNotifiedAt).toBeNull();
  });

  it("two workers never hold one stream; a paused stream is not claimed and resumes from its cursor", async () => {
    const created = await addStream({ kind: "https", name: "Claims", url: "http://127.0.0.1:59999/x", sources: ["audit"], startFrom: "now" });
    await stopOtherStreams(created.id);
    catchUp();
    // Its own creation row is its first work; once past it, nothing to send: not claimed at all.
    expect(await claimDueStreams(10, clock)).toEqual([created.id]);
    const head = await db().auditLog.findFirstOrThrow({ where: { chainKey: await workspaceId() }, orderBy: { seq: "desc" } });
    await db().evidenceStream.update({ where: { id: created.id }, data: { lockedUntil: null, auditCursor: head.seq } });
    expect(await claimDueStreams(10, clock)).toEqual([]);
    await produceAudit(await workspaceId(), 1);
    const [x, y] = await Promise.all([claimDueStreams(10, clock), claimDueStreams(10, clock)]);
    expect([...x, ...y]).toEqual([created.id]);
    await db().evidenceStream.update({ where: { id: created.id }, data: { lockedUntil: null } });
    await setStreamEnabled(await ownerManager(await as("owner"), "pause"), created.id, false);
    expect(await claimDueStreams(10, clock)).toEqual([]);
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "evidence_stream.updated", targetId: created.id } });
    expect(audit.changes).toEqual({ before: { enabled: true }, after: { enabled: false } });
  });

  it("another workspace's owner cannot see or change this workspace's streams", async () => {
    const created = await addStream({ kind: "https", name: "Private", url: "http://127.0.0.1:59999/x", sources: ["audit"], startFrom: "now" });
    const otherOwner = await ownerManager(await as("owner", "other"), "pause");
    expect(await outcome(setStreamEnabled(otherOwner, created.id, false))).toBe("NOT_FOUND");
    expect((await listStreams(await as("owner", "other"))).map((s) => s.id)).not.toContain(created.id);
  });
});

describe("evidence streams: the platform chain, configured by staff", () => {
  it("staff stream the platform chain with a provider-wrapped secret; workspaces' rows never join it", async () => {
    const account = await upsertStaffAccount({ email: "streams@platform.test", name: "Ops", password: "a long staff password 123" });
    const ops = staffContextOf({ id: account.id, email: "streams@platform.test", name: "Ops" }, { ip: "203.0.113.10", userAgent: "vitest", requestId: "req_ops" });
    let secret = "";
    const rx = keep(await httpsReceiver(() => secret, () => clock.getTime()));
    const created = await createStream(staffManager(ops), { kind: "https", name: "Platform SIEM", url: rx.url, sources: ["audit"], startFrom: "now" });
    secret = created.secret!;
    await stopOtherStreams(created.id);
    const row = await streamRow(created.id);
    expect(row.workspaceId).toBeNull();
    // Wrapped by the key provider (no workspace key exists for the platform).
    expect(row.secretEnc.startsWith("kp1.")).toBe(true);
    await recordAudit({ actor: { type: "system", label: "stream-test" }, workspaceId: null }, "retention.ran");
    await produceAudit(await workspaceId(), 2);
    await drain();
    const records = rx.accepted.flatMap((b) => b.records);
    expect(records.map((r) => r.action)).toEqual(["evidence_stream.created", "retention.ran"]);
    expect(records.every((r) => r.chain === "platform")).toBe(true);
    expect(first(records)).toMatchObject({ actor: { type: "staff", label: "streams@platform.test" } });
    // Invisible to every workspace; listed in the console.
    expect((await listStreams(await as("owner"))).map((s) => s.id)).not.toContain(created.id);
    expect((await listPlatformStreams(ops)).map((s) => s.id)).toEqual([created.id]);
  });
});

beforeAll(() => {
  clock = new Date();
});
