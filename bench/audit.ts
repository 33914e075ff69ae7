import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { AUDIT_ACTIONS } from "../lib/audit/actions";
import { GENESIS_HASH, rowHash, type ChainedFields } from "../lib/audit/chain";
import { auditWhere, listAuditPage, parseAuditPage } from "../lib/audit/entries";
import { verifyChain } from "../lib/audit/verify";
import { db } from "../lib/db/client";
import { Prisma } from "../lib/db/generated/client";
import { inWorkspace } from "../lib/db/scoped";
import { createTestDatabase } from "../test/support/database";
import { seededRandom } from "../lib/calls/simulation/call-generator";
import { itemAt } from "./lib/item-at";
import { summarise } from "./lib/stats";

/**
 * The audit log at scale (issue 8): 1,000,000 chained entries in one workspace (and 50,000 in
 * another). The chain is computed here exactly as lib/audit/record.ts computes it (rowHash
 * over the stored fields, each row linked to the one before) and bulk-inserted with unnest.
 * Measures verifyChain (rows/s; target ≥ 200,000) and the audit page's query function
 * (`listAuditPage` in the RLS scope, first page of 50 with filters; p50/p95 over 200 runs;
 * target < 100 ms), and prints each filter's plan as the tenant role (decision 013).
 * Use TEST_DATABASE_URL for PostgreSQL (PGlite works with a smaller --rows).
 */
const { values } = parseArgs({ options: { rows: { type: "string", default: "1000000" }, other: { type: "string", default: "50000" }, runs: { type: "string", default: "200" } } });
const ROWS = Number(values.rows);
const OTHER = Number(values.other);
const RUNS = Number(values.runs);
process.env.DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "sb-bench-"));
process.env.LOG_LEVEL = "silent";
const database = await createTestDatabase();
const where = database.kind === "postgresql" ? "PostgreSQL" : "PGlite (in memory)";
const BATCH = 10_000;
const DAY = 86_400_000;
const NOW = Date.parse("2026-12-01T00:00:00Z");

const TARGETS = ["member", "api_key", "workspace", "call", "webhook_endpoint"];

/**
 * Writes `count` chained entries for a workspace: generated, hashed with rowHash exactly as
 * recordAudit does (one chain, seq 1…count, times increasing over the last 90 days), and
 * inserted BATCH at a time with unnest. Returns rows/s.
 */
async function seedChain(workspaceId: string, count: number, seed: number): Promise<number> {
  const random = seededRandom(seed);
  const started = performance.now();
  let prevHash = GENESIS_HASH;
  let pending: Promise<unknown> = Promise.resolve();
  for (let start = 0; start < count; start += BATCH) {
    const cols = { seq: [] as string[], at: [] as string[], actorType: [] as string[], actorId: [] as string[], actorLabel: [] as string[], action: [] as string[], targetType: [] as string[], targetId: [] as string[], targetLabel: [] as string[], changes: [] as (string | null)[], ip: [] as string[], ua: [] as string[], req: [] as string[], prev: [] as string[], hash: [] as string[] };
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      const apiKey = random() < 0.1;
      const who = Math.floor(random() * 500);
      const fields: ChainedFields = {
        chainKey: workspaceId,
        seq: BigInt(i + 1),
        workspaceId,
        occurredAt: new Date(NOW - 90 * DAY + Math.floor((i * 90 * DAY) / count)),
        actorType: apiKey ? "api_key" : "user",
        actorId: apiKey ? `k_${who % 50}` : `u_${who}`,
        actorLabel: apiKey ? `key ${who % 50}` : `user${who}@big.test`,
        action: itemAt(AUDIT_ACTIONS, Math.floor(random() * AUDIT_ACTIONS.length), "audit action"),
        targetType: itemAt(TARGETS, Math.floor(random() * TARGETS.length), "target type"),
        targetId: `t_${Math.floor(random() * 5000)}`,
        targetLabel: `target ${i % 1000}`,
        changes: random() < 0.3 ? { after: { n: i % 7 } } : null,
        ip: `198.51.100.${Math.floor(random() * 250)}`,
        userAgent: "bench",
        requestId: `req_${i}`,
      };
      const hash = rowHash(prevHash, fields);
      cols.seq.push(String(fields.seq));
      cols.at.push(fields.occurredAt.toISOString());
      cols.actorType.push(fields.actorType);
      cols.actorId.push(fields.actorId!);
      cols.actorLabel.push(fields.actorLabel!);
      cols.action.push(fields.action);
      cols.targetType.push(fields.targetType!);
      cols.targetId.push(fields.targetId!);
      cols.targetLabel.push(fields.targetLabel!);
      cols.changes.push(fields.changes ? JSON.stringify(fields.changes) : null);
      cols.ip.push(fields.ip!);
      cols.ua.push(fields.userAgent!);
      cols.req.push(fields.requestId!);
      cols.prev.push(prevHash);
      cols.hash.push(hash);
      prevHash = hash;
    }
    // The next batch is hashed while this one is written.
    await pending;
    pending = db().$executeRaw`
      INSERT INTO audit_logs (chain_key, seq, workspace_id, occurred_at, actor_type, actor_id, actor_label, action, target_type,
                              target_id, target_label, changes, ip, user_agent, request_id, prev_hash, hash)
      SELECT ${workspaceId}, t.seq, ${workspaceId}::uuid, t.at, t.actor_type, t.actor_id, t.actor_label, t.action, t.target_type,
             t.target_id, t.target_label, t.changes::jsonb, t.ip, t.ua, t.req, t.prev, t.hash
      FROM unnest(${cols.seq}::bigint[], ${cols.at}::timestamptz[], ${cols.actorType}::text[], ${cols.actorId}::text[], ${cols.actorLabel}::text[],
                  ${cols.action}::text[], ${cols.targetType}::text[], ${cols.targetId}::text[], ${cols.targetLabel}::text[], ${cols.changes}::text[],
                  ${cols.ip}::text[], ${cols.ua}::text[], ${cols.req}::text[], ${cols.prev}::text[], ${cols.hash}::text[])
        AS t(seq, at, actor_type, actor_id, actor_label, action, target_type, target_id, target_label, changes, ip, ua, req, prev, hash)
      ORDER BY t.seq`;
    if (start > 0 && start % 200_000 === 0) console.log(`  … ${start.toLocaleString("en")}`);
  }
  await pending;
  await db().$executeRaw`INSERT INTO audit_chain_heads (chain_key, seq, hash) VALUES (${workspaceId}, ${BigInt(count)}, ${prevHash})
    ON CONFLICT (chain_key) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash`;
  return Math.round(count / ((performance.now() - started) / 1000));
}

async function timed(runs: number, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 20; i++) await fn(i); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    samples.push(performance.now() - t0);
  }
  return summarise(samples);
}

try {
  const big = await db().workspace.create({ data: { slug: "big-audit", name: "Big" } });
  const small = await db().workspace.create({ data: { slug: "other-audit", name: "Other" } });
  console.log(`Seeding ${ROWS.toLocaleString("en")} + ${OTHER.toLocaleString("en")} chained audit entries on ${where}…`);
  const seedRate = await seedChain(big.id, ROWS, 1);
  await seedChain(small.id, OTHER, 2);
  console.log(`seed (generate + hash + insert): ${seedRate.toLocaleString("en")} rows/s`);
  await db().$executeRawUnsafe("ANALYZE audit_logs");

  // verifyChain: best of 3 full passes over the big chain.
  const passes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const verdict = await verifyChain(big.id);
    const seconds = (performance.now() - t0) / 1000;
    if (!verdict.ok || verdict.checked !== ROWS) throw new Error(`verifyChain: ${JSON.stringify(verdict, (_, v) => (typeof v === "bigint" ? String(v) : v))}`);
    passes.push(ROWS / seconds);
  }
  const verifyRate = Math.round(Math.max(...passes));
  console.log(`\nverifyChain on ${where}: ${ROWS.toLocaleString("en")} entries, ${passes.map((r) => `${Math.round(r).toLocaleString("en")} rows/s`).join(", ")} — best ${verifyRate.toLocaleString("en")} rows/s (target ≥ 200,000) — ${verifyRate >= 200_000 ? "PASS" : "MISS"}`);

  // The page's query function, as the page calls it: the member's scoped data layer.
  const data = <T,>(fn: Parameters<typeof inWorkspace<T>>[1]) => inWorkspace(big.id, fn);
  const recent = new Date(NOW - 7 * DAY).toISOString().slice(0, 10);
  const FILTERS: Record<string, Record<string, string>> = {
    "no filter": {},
    "action=member.role_changed": { action: "member.role_changed" },
    "actor prefix user1* (user1, user10…)": { actor: "user1*" },
    "actor exact + action": { actor: "user42@big.test", action: "api_key.created" },
    "actor_type=api_key, last 7 days": { actor_type: "api_key", from: recent },
    "ip exact": { ip: "198.51.100.77" },
    "target type + id": { target_type: "member", target_id: "t_1234" },
    "a month ago, one day, action": { from: "2026-11-01", to: "2026-11-01", action: "user.signed_in" },
  };
  const results: Record<string, ReturnType<typeof summarise> & { rows: number }> = {};
  for (const [label, search] of Object.entries(FILTERS)) {
    const { query, errors } = parseAuditPage(search);
    if (errors.length) throw new Error(`${label}: ${errors.join(" ")}`);
    const first = await listAuditPage(data, big.id, query);
    results[label] = { ...(await timed(RUNS, () => listAuditPage(data, big.id, query))), rows: first.entries.length };
  }
  console.log(`\nAudit page query (listAuditPage, first page of 50, in the RLS scope) on ${where}: ${ROWS.toLocaleString("en")} entries`);
  console.table(results);
  const worst = Math.max(...Object.values(results).map((r) => r.p95Ms));
  console.log(`audit page: worst p95 ${worst} ms (target < 100 ms) — ${worst < 100 ? "PASS" : "MISS"}`);

  // Plans as the tenant role (decision 013): the filters must not force a scan of the chain.
  console.log(`\nPlans as switchboard_tenant:`);
  for (const [label, search] of Object.entries(FILTERS)) {
    const { query } = parseAuditPage(search);
    const plan = await data((tx) =>
      tx.$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) SELECT id FROM audit_logs WHERE ${auditWhere(big.id, query)} ORDER BY seq DESC LIMIT 51`),
    );
    console.log(`-- ${label}\n${plan.map((p) => `   ${p["QUERY PLAN"]}`).join("\n")}`);
  }
} finally {
  await database.close();
}
