import { mkdtempSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { GENESIS_HASH, rowHash, type ChainedFields } from "../lib/audit/chain";
import { recordAudit } from "../lib/audit/record";
import { db } from "../lib/db/client";
import { inWorkspace } from "../lib/db/scoped";
import { createStream, type StreamManager } from "../lib/evidence/streams/destinations";
import { evidenceStreamsJob } from "../lib/jobs/registry";
import { startJobRunner } from "../lib/jobs/runner";
import { runStreamsOnce } from "../lib/evidence/streams/worker";
import { createTestDatabase } from "../test/support/database";
import { httpsReceiver } from "../test/integration/stream-receivers";
import { percentile } from "./lib/stats";

/**
 * Evidence streaming to the HTTPS sink (issue 17, decision 038), against a loopback receiver
 * that verifies every batch's signature as a customer's would:
 *   1. throughput — a backlog of `--backlog` chained audit rows drained by one worker
 *      (runStreamsOnce in a loop, batches of 500): records/s from first send to last ack;
 *   2. lag — audit rows appended to the chain at a steady `--rate` per second for
 *      `--seconds` (see PRODUCER), streamed by the real job
 *      (evidence-streams in the job runner, 1 s idle interval); lag = receiver's arrival −
 *      the row's occurred_at, p50 / p95 / max.
 * In-memory PGlite by default, PostgreSQL with TEST_DATABASE_URL. The load average is printed
 * with the figures: the machine is shared.
 */
const { values } = parseArgs({
  options: { backlog: { type: "string", default: "20000" }, rate: { type: "string", default: "200" }, seconds: { type: "string", default: "30" }, producer: { type: "string" } },
});
const BACKLOG = Number(values.backlog);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
process.env.DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "sb-bench-"));
process.env.LOG_LEVEL = "silent";
process.env.OUTBOUND_ALLOW_LOOPBACK = "true";
const database = await createTestDatabase();
const where = database.kind === "postgresql" ? "PostgreSQL" : "PGlite (in memory)";
/**
 * How the steady rows are written: `record` (recordAudit, one transaction a row — the
 * production path; PostgreSQL's default) or `batch` (each 50 ms tick's rows in one chained
 * append — PGlite's default, whose single connection cannot take 200 recordAudit/s beside
 * the stream's reads on a shared 2-core machine).
 */
const PRODUCER = values.producer ?? (database.kind === "postgresql" ? "record" : "batch");
const load = () => loadavg().map((l) => l.toFixed(2)).join(" / ");

/**
 * `count` rows appended to `workspaceId`'s chain in one transaction, under the head's lock and
 * hashed as recordAudit hashes them (rowHash): the batched form of recordAudit, for a backlog
 * and for a producer that must not be the bottleneck on a single-connection PGlite.
 */
async function appendChained(workspaceId: string, count: number, occurredAt: (i: number) => Date) {
  await db().$transaction(async (tx) => {
    await tx.$executeRaw`INSERT INTO audit_chain_heads (chain_key, seq, hash) VALUES (${workspaceId}, 0, ${GENESIS_HASH}) ON CONFLICT (chain_key) DO NOTHING`;
    const [head] = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`SELECT seq, hash FROM audit_chain_heads WHERE chain_key = ${workspaceId} FOR UPDATE`;
    let prev = head!.hash;
    const rows = [];
    for (let i = 0; i < count; i++) {
      const seq = BigInt(head!.seq) + BigInt(i + 1);
      const fields: ChainedFields = {
        chainKey: workspaceId, seq, workspaceId, occurredAt: occurredAt(i), actorType: "system", actorId: null, actorLabel: "bench",
        action: "retention.ran", targetType: "bench", targetId: String(seq), targetLabel: null, changes: { after: { n: Number(seq) } },
        ip: "198.51.100.7", userAgent: "bench", requestId: `req_${seq}`,
      };
      const hash = rowHash(prev, fields);
      rows.push({ ...fields, changes: fields.changes as object, prevHash: prev, hash });
      prev = hash;
    }
    await tx.auditLog.createMany({ data: rows });
    await tx.auditChainHead.update({ where: { chainKey: workspaceId }, data: { seq: BigInt(head!.seq) + BigInt(count), hash: prev } });
  });
}

/** The workspace's stream, added through createStream as an owner would (system actor). */
function managerOf(workspaceId: string): StreamManager {
  return {
    workspaceId,
    data: (fn) => inWorkspace(workspaceId, fn),
    audit: (action, target, changes, tx) => recordAudit({ actor: { type: "system", label: "bench" }, workspaceId }, action, target, changes, tx),
  };
}

let secret = "";
const receiver = await httpsReceiver(() => secret);
try {
  // 1. Throughput: one worker drains a backlog.
  const ws = await db().workspace.create({ data: { slug: "stream-bench", name: "Stream bench" } });
  console.log(`Seeding ${BACKLOG.toLocaleString("en")} chained audit rows on ${where}…`);
  for (let done = 0; done < BACKLOG; done += 5000) await appendChained(ws.id, Math.min(5000, BACKLOG - done), (i) => new Date(Date.now() - 3_600_000 + done + i));
  const created = await createStream(managerOf(ws.id), { kind: "https", name: "bench", url: `${receiver.url}/ingest`, sources: ["audit"] });
  secret = created.secret!;
  const expected = BACKLOG + 1; // the backlog and the stream's own creation row
  const loadBefore = load();
  const t0 = performance.now();
  let delivered = 0;
  while (delivered < expected) {
    const n = await runStreamsOnce({ now: () => new Date() });
    if (n === 0) throw new Error(`the stream stopped at ${delivered}: ${JSON.stringify((await db().evidenceStream.findFirst({ select: { lastError: true } }))?.lastError)}`);
    delivered += n;
  }
  const seconds = (performance.now() - t0) / 1000;
  const received = receiver.accepted.reduce((a, b) => a + b.records.length, 0);
  if (received !== expected || receiver.refused.length > 0) throw new Error(`received ${received} of ${expected}, refused ${receiver.refused.length}`);
  console.log(`\nthroughput, HTTPS sink, one worker, batches of 500: ${expected.toLocaleString("en")} records in ${seconds.toFixed(2)} s = ${Math.round(expected / seconds).toLocaleString("en")} records/s (${receiver.accepted.length} signed batches verified; load avg before ${loadBefore}, after ${load()})`);

  // 2. Lag under a steady rate, through the real job.
  const ws2 = await db().workspace.create({ data: { slug: "stream-lag", name: "Stream lag" } });
  const stream2 = await createStream(managerOf(ws2.id), { kind: "https", name: "lag", url: `${receiver.url}/lag`, sources: ["audit"], startFrom: "now" });
  secret = stream2.secret!;
  await db().evidenceStream.update({ where: { id: created.id }, data: { enabled: false } });
  receiver.accepted.length = 0;
  const runner = startJobRunner([evidenceStreamsJob]);
  const loadStart = load();
  const started = Date.now();
  let produced = 0;
  // One row every 1000/RATE ms on average: each 50 ms tick appends what is due by then.
  while (Date.now() - started < SECONDS * 1000) {
    const due = Math.floor(((Date.now() - started) / 1000) * RATE);
    if (due > produced) {
      if (PRODUCER === "record") {
        for (; produced < due; produced++) await recordAudit({ actor: { type: "system", label: "bench" }, workspaceId: ws2.id }, "retention.ran", { type: "bench", id: String(produced) });
      } else {
        const now = Date.now();
        await appendChained(ws2.id, due - produced, () => new Date(now));
        produced = due;
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const producedIn = (Date.now() - started) / 1000;
  const deadline = Date.now() + 60_000;
  const countLag = () => receiver.accepted.reduce((a, b) => a + b.records.filter((r) => r.action === "retention.ran").length, 0);
  while (countLag() < produced && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await runner.stop();
  const rows = receiver.accepted.flatMap((b) => b.records.filter((r) => r.action === "retention.ran").map((r) => ({ seq: Number(r.seq), lagMs: b.arrivedAt - Date.parse(String(r.occurred_at)) })));
  const lags = rows.map((r) => r.lagMs).sort((a, b) => a - b);
  const inOrder = rows.every((r, i) => i === 0 || r.seq > rows[i - 1]!.seq);
  console.log(
    `lag at a steady ${RATE}/s for ${SECONDS} s (${produced.toLocaleString("en")} rows produced at ${Math.round(produced / producedIn)}/s through ${PRODUCER === "record" ? "recordAudit" : "batched chained appends"}; ${lags.length.toLocaleString("en")} received${inOrder ? ", in order" : ", OUT OF ORDER"}): p50 ${percentile(lags, 50)} ms, p95 ${percentile(lags, 95)} ms, max ${lags.at(-1)} ms (load avg at start ${loadStart}, at end ${load()})`,
  );
} finally {
  await receiver.close();
  await database.close();
}
