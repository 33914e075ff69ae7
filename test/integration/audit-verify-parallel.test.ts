import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/audit/context";
import { recordAudit } from "@/lib/audit/record";
import { verifyChain } from "@/lib/audit/verify";
import { batchQuery, type EncodedBatch } from "@/lib/audit/verify-batch";
import { createVerifyPool } from "@/lib/audit/verify-pool";
import { db } from "@/lib/db/client";
import { pruneAuditChain } from "@/lib/retention/audit-prune";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { first, nth } from "../support/items";

// 100-row chains in batches of 20 ([1–20], [21–40], [41–60], [61–80], [81–100]): the
// parallel path with two workers, against the row-by-row path as the oracle.
const PARALLEL = { batchSize: 20, workers: 2 };
const ROW_BY_ROW = { workers: 0 };
const ROWS = 100;
const DAY_MS = 86_400_000;

const ACTORS: Actor[] = [
  { type: "user", userId: "7d0c7a2e-0000-4000-8000-000000000001", email: "ada@verify.test" },
  { type: "api_key", keyId: "key_0001", label: "CI deploy key" },
  { type: "system", label: "retention job" },
  { type: "staff", staffId: "staff_1", email: "ops@switchboard.test" },
];

/** Changes whose canonical JSON has numbers, key orders and text JSON writes in its own way. */
const AWKWARD_CHANGES = [
  { after: { big: 1e21, small: 1e-7, tenth: 0.1, negative: -0, int: 12345678901234, exp: 2.5e-300 } },
  { before: {}, after: { list: [], nested: [[], {}, [null, true, false]] } },
  { after: { "é": 1, e: 2, E: 3, "10": 4, "9": 5, "": 6, "a b": { "z\"q": "\\", "\u2028": "\u0001\u001f" } } },
];

/** Text that must be JSON-escaped exactly as JSON.stringify does, or that JSON treats specially. */
const AWKWARD = ['say "hi"', "C:\\temp\\x", "\tTAB", "line\nbreak", "Zoë \u2028 ✓", "📞 call", "", "null", "a\u001db", "del\u007f", "\\u0041", "rec\u001esep"];

let database: TestDatabase;
beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
});
afterAll(async () => database.close());

/** A chain of ROWS entries written by recordAudit; `label(i)` overrides row i's target label. */
async function chain(slug: string, label: (seq: number) => string | undefined = () => undefined, at?: (seq: number) => Date | undefined) {
  const workspaceId = (await db().workspace.create({ data: { slug, name: slug } })).id;
  for (let seq = 1; seq <= ROWS; seq++) {
    const date = at?.(seq);
    if (date) {
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(date);
    }
    try {
      const odd = seq % 2 === 1;
      await recordAudit(
        { actor: nth(ACTORS, seq % 4, "actor"), workspaceId, ip: odd ? "2001:db8::1" : null, userAgent: seq % 3 ? "vitest" : null, requestId: odd ? `req_${seq}` : null },
        "member.role_changed",
        seq % 5 || label(seq) !== undefined ? { type: "member", id: `m${seq}`, label: label(seq) ?? `member ${seq}` } : null,
        label(seq) !== undefined
          ? AWKWARD_CHANGES[seq % AWKWARD_CHANGES.length]
          : seq % 3
            ? { before: { role: "agent", n: seq }, after: { role: "admin", "10": true, "2": [1, { b: null, a: "é" }] } }
            : null,
      );
    } finally {
      if (date) vi.useRealTimers();
    }
  }
  return workspaceId;
}

/** Alters rows as a superuser with triggers off: what verification must catch. */
async function tamper(sql: string) {
  await db().$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`);
    await tx.$executeRawUnsafe(sql);
  });
}

/** The parallel verdict, which must be the row-by-row one exactly. */
async function verdict(workspaceId: string) {
  const parallel = await verifyChain(workspaceId, PARALLEL);
  expect(parallel).toEqual(await verifyChain(workspaceId, ROW_BY_ROW));
  return parallel;
}

describe("verifyChain in parallel batches", () => {
  it("the workers hash escaped text and nested changes exactly as the writer did, and refuse what they cannot decode", async () => {
    const awkward = (seq: number) => (seq > 40 && seq <= 40 + AWKWARD.length ? AWKWARD[seq - 41] : seq === 66 ? "unit\u001fseparator" : seq === 86 ? "\u001d" : undefined);
    const workspaceId = await chain("verify-awkward", awkward);
    const batches = await db().$transaction(async (tx) => {
      await tx.$queryRaw`SELECT set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, YMD', true)`;
      const out: EncodedBatch[] = [];
      for (let after = 0; after < ROWS; after += 20) out.push(first(await tx.$queryRaw<EncodedBatch[]>(batchQuery(workspaceId, after, after + 20)), "encoded batch"));
      return out;
    });
    const pool = createVerifyPool(2, workspaceId);
    try {
      const results = await Promise.all(batches.map((b) => pool.verify({ n: b.n, fields: b.fields!, changes: b.changes! })));
      // Batch 3 holds the awkward text; 4 a value with the field separator; 5 a label that is
      // exactly the NULL mark. Those two are refused and judged row by row instead.
      expect(results.map((r) => r.ok)).toEqual([true, true, true, false, false]);
      expect(results[0]).toMatchObject({ firstSeq: "1", lastSeq: "20" });
    } finally {
      await pool.close();
    }
    expect(await verdict(workspaceId)).toEqual({ ok: true, checked: ROWS });
    // Stored as its own JSON escape, `say "hi"` would read the same if quoted blindly.
    await tamper(`UPDATE audit_logs SET target_label = 'say \\"hi\\"' WHERE chain_key = '${workspaceId}' AND seq = 41`);
    expect(await verdict(workspaceId)).toEqual({ ok: false, checked: 40, brokenAtSeq: 41n, reason: "hash_mismatch" });
  });

  it("reports a row altered in the middle of a batch at its seq", async () => {
    const workspaceId = await chain("verify-altered");
    await tamper(`UPDATE audit_logs SET ip = '10.0.0.1' WHERE chain_key = '${workspaceId}' AND seq = 57`);
    expect(await verdict(workspaceId)).toEqual({ ok: false, checked: 56, brokenAtSeq: 57n, reason: "hash_mismatch" });
  });

  it("reports a row removed at a batch boundary, the last row, and a whole batch's rows", async () => {
    const first = await chain("verify-gap");
    await tamper(`DELETE FROM audit_logs WHERE chain_key = '${first}' AND seq IN (41, 90)`);
    expect(await verdict(first)).toEqual({ ok: false, checked: 40, brokenAtSeq: 41n, reason: "gap" });
    const second = await chain("verify-gap-end");
    await tamper(`DELETE FROM audit_logs WHERE chain_key = '${second}' AND seq = ${ROWS}`);
    expect(await verdict(second)).toEqual({ ok: false, checked: ROWS - 1, brokenAtSeq: BigInt(ROWS), reason: "gap" });
    // An empty range ends the reading; the rows after it must still be noticed.
    await tamper(`DELETE FROM audit_logs WHERE chain_key = '${second}' AND seq BETWEEN 61 AND 80`);
    expect(await verdict(second)).toEqual({ ok: false, checked: 60, brokenAtSeq: 61n, reason: "gap" });
  });

  it("reports a link rewritten on a batch's first row, and a changes value altered in the last batch", async () => {
    const workspaceId = await chain("verify-link");
    await tamper(`UPDATE audit_logs SET changes = '{"after":{"role":"owner"}}'::jsonb WHERE chain_key = '${workspaceId}' AND seq = 99`);
    expect(await verdict(workspaceId)).toEqual({ ok: false, checked: 98, brokenAtSeq: 99n, reason: "hash_mismatch" });
    await tamper(`UPDATE audit_logs SET prev_hash = '${"e".repeat(64)}' WHERE chain_key = '${workspaceId}' AND seq = 61`);
    expect(await verdict(workspaceId)).toEqual({ ok: false, checked: 60, brokenAtSeq: 61n, reason: "link_mismatch" });
  });

  it("catches a number rewritten to one that parses to the same double, or to one beyond doubles", async () => {
    const workspaceId = await chain("verify-numbers");
    // 32.0000000000000001 reads as 32 and 1e400 as Infinity (canonically null, like the b it replaces).
    await tamper(`UPDATE audit_logs SET changes = jsonb_set(changes, '{before,n}', '32.0000000000000001'::jsonb) WHERE chain_key = '${workspaceId}' AND seq = 32`);
    expect(await verdict(workspaceId)).toEqual({ ok: false, checked: 31, brokenAtSeq: 32n, reason: "hash_mismatch" });
    await tamper(`UPDATE audit_logs SET changes = jsonb_set(changes, '{after,2,1,b}', '1e400'::jsonb) WHERE chain_key = '${workspaceId}' AND seq = 31`);
    expect(await verdict(workspaceId)).toEqual({ ok: false, checked: 30, brokenAtSeq: 31n, reason: "hash_mismatch" });
  });

  it("starts at the retention checkpoint, and catches a rewritten checkpoint", async () => {
    const now = Date.now();
    // Rows 1–45 are 100 days old; retention removes them and leaves the checkpoint on 45.
    const workspaceId = await chain("verify-checkpoint", undefined, (seq) => (seq <= 45 ? new Date(now - 100 * DAY_MS + seq * 1000) : undefined));
    expect(await pruneAuditChain(workspaceId, new Date(now - 90 * DAY_MS), 1000)).toBe(45);
    expect(await verdict(workspaceId)).toEqual({ ok: true, checked: ROWS - 45 });
    await tamper(`UPDATE audit_checkpoints SET hash = '${"e".repeat(64)}' WHERE chain_key = '${workspaceId}'`);
    expect(await verdict(workspaceId)).toEqual({ ok: false, checked: 0, brokenAtSeq: 46n, reason: "link_mismatch" });
  });
});
