import { Prisma } from "../db/generated/client";

/**
 * The fast path of verifyChain: PostgreSQL hands over a batch of rows (a range of seq) as two
 * text values and a worker thread decodes and hashes them. The encoding (SQL) and the decoder
 * (worker source) are kept side by side because they must agree exactly.
 *
 * `fields` is every row's 16 fields (listed in the worker source) joined by U+001F, rows
 * joined by U+001F too, a NULL written as U+001D and the row's number of NULLs as its last
 * field; `changes` is each row's jsonb text (or U+001D), joined by U+001F. A value containing
 * U+001F changes the field count and a value that is exactly U+001D makes the NULL count
 * disagree: the decoder then refuses the batch, and the caller re-checks it row by row
 * (verify-reference.ts). It also refuses what it cannot turn into the reference payload
 * exactly (an unexpected time format, JSON it cannot parse). So a decoding is exact or
 * refused, never guessed; the worst a divergence costs is speed, and every "broken" verdict
 * comes from the reference path.
 *
 * Speed: the server's cost is the columns' text output, which this keeps to one value per
 * column; the worker's is cutting fields and SHA-256. `occurred_at` comes in its ISO output
 * (the transaction sets TimeZone UTC and DateStyle ISO), cheaper for the server than to_char,
 * and is rewritten to `toISOString()` form. Both aggregates take each row in the same step
 * (one Aggregate node), so a row's fields and changes stay paired, and in the subquery's seq
 * order; were that ever otherwise, the seq checks would refuse the batch, not pass it.
 */
export function batchQuery(chainKey: string, afterSeq: number, throughSeq: number): Prisma.Sql {
  return Prisma.sql`
    SELECT count(*)::int AS n, string_agg(line, E'\\x1f') AS fields, string_agg(changes, E'\\x1f') AS changes
    FROM (
      SELECT concat_ws(E'\\x1f', seq, coalesce(workspace_id::text, E'\\x1d'), occurred_at, actor_type,
          coalesce(actor_id, E'\\x1d'), coalesce(actor_label, E'\\x1d'), action, coalesce(target_type, E'\\x1d'),
          coalesce(target_id, E'\\x1d'), coalesce(target_label, E'\\x1d'), coalesce(ip, E'\\x1d'),
          coalesce(user_agent, E'\\x1d'), coalesce(request_id, E'\\x1d'), prev_hash, hash,
          num_nulls(workspace_id, actor_id, actor_label, target_type, target_id, target_label, ip, user_agent, request_id)) AS line,
        coalesce(changes::text, E'\\x1d') AS changes
      FROM audit_logs
      WHERE chain_key = ${chainKey} AND audit_logs.seq > ${String(afterSeq)}::bigint AND audit_logs.seq <= ${String(throughSeq)}::bigint
      ORDER BY audit_logs.seq
    ) batch`;
}

export interface EncodedBatch {
  n: number;
  fields: string | null;
  changes: string | null;
}

/** A batch the worker accepted: every row hashes to its stored hash and links to the row before. */
export interface BatchAccepted {
  ok: true;
  firstSeq: string;
  firstPrevHash: string;
  lastSeq: string;
  lastHash: string;
}
export type BatchResult = BatchAccepted | { ok: false };

/**
 * Runs as `new Worker(VERIFY_WORKER_SOURCE, { eval: true, workerData: { chainKey } })`: plain
 * CommonJS with Node built-ins only, so it needs no file on disk and survives bundling. The
 * hash input is `storedRowHash`'s of verify-reference.ts; `canonicalJson` is chain.ts's,
 * written for what JSON.parse returns (no undefined, no bigint; the default sort is the same
 * code-unit order). test/integration/audit-verify-parallel.test.ts holds them to each other.
 * Row 0 of a batch is checked against its own `prev_hash`; the caller checks that link, and
 * its seq, against the batch before.
 *
 * A string is written between quotes as is when the batch has no `"` or `\` outside
 * `changes`: it then equals its JSON.stringify unless it holds a control character, and such
 * a payload cannot be one JSON.stringify wrote, so it cannot match; the row is then hashed
 * again with JSON.stringify before it counts as a mismatch. (With a `"` or `\` about, quoting
 * as is could make a forged value read as the original: those batches use JSON.stringify.)
 */
export const VERIFY_WORKER_SOURCE = String.raw`"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const { hash } = require("node:crypto");

const SEP = "\x1f";
const NULL = "\x1d";
const FIELDS = 16;
const TIME = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,3}))?\+00$/;
const REFUSED = { ok: false };
const chainKey = JSON.stringify(workerData.chainKey);

// The payload's keys in sorted order, and where each value comes from: a field index of
// the SQL, or CHAIN_KEY / CHANGES.
const CHAIN_KEY = -1;
const CHANGES = -2;
const KEYS = ["action", "actorId", "actorLabel", "actorType", "chainKey", "changes", "ip", "occurredAt", "requestId", "seq", "targetId", "targetLabel", "targetType", "userAgent", "workspaceId"];
const SOURCE = [6, 4, 5, 3, CHAIN_KEY, CHANGES, 10, 2, 12, 0, 8, 9, 7, 11, 1];
const NULLABLE = [false, true, false, false, true, true, false, true, true, true, true, true, true, false, false, false];
// GLUE[k][a][b] closes value k-1 (with a quote if a), writes key k and opens value k (with
// a quote if b): a quoted value is then written bare, and the whole payload takes two
// concatenations a field.
const GLUE = KEYS.map((key, k) => [0, 1].map((a) => [0, 1].map((b) => (k === 0 ? "\n{" : a ? '",' : ",") + JSON.stringify(key) + ":" + (b ? '"' : ""))));
const END = ["}", '"}'];

function canonicalJson(value) {
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  let s;
  if (Array.isArray(value)) {
    s = "[";
    for (let i = 0; i < value.length; i++) s += (i === 0 ? "" : ",") + canonicalJson(value[i]);
    return s + "]";
  }
  const keys = Object.keys(value).sort();
  s = "{";
  for (let i = 0; i < keys.length; i++) s += (i === 0 ? "" : ",") + JSON.stringify(keys[i]) + ":" + canonicalJson(value[keys[i]]);
  return s + "}";
}

// exactJsonNumbers of lib/audit/exact-numbers.ts (a number that is not exactly a double
// was not written by the app: the batch is refused and the row-by-row path judges it).
function exactJsonNumbers(text) {
  if (!/[0-9.]{16}|\d[eE]/.test(text)) return true;
  const token = /"(?:[^"\\]|\\.)*"|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;
  const normal = (s) => {
    const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(s);
    if (m === null) return null;
    let digits = (m[2] + (m[3] ?? "")).replace(/^0+/, "");
    let exp = Number(m[4] ?? 0) - (m[3] ?? "").length;
    if (digits === "") return "0";
    while (digits.endsWith("0")) {
      digits = digits.slice(0, -1);
      exp++;
    }
    return m[1] + digits + "e" + exp;
  };
  for (let m = token.exec(text); m !== null; m = token.exec(text)) {
    if (m[1] === undefined) continue;
    const value = Number(m[1]);
    if (!Number.isFinite(value) || normal(m[1]) !== normal(String(value))) return false;
  }
  return true;
}

function isoTime(t) {
  if (t.length === 26 && t.charCodeAt(10) === 32 && t.charCodeAt(19) === 46 && t.endsWith("+00")) {
    return t.slice(0, 10) + "T" + t.slice(11, 23) + "Z";
  }
  const m = TIME.exec(t);
  return m === null ? null : m[1] + "T" + m[2] + "." + (m[3] === undefined ? "000" : m[3].padEnd(3, "0")) + "Z";
}

function hashInput(r, changes, time, asIs) {
  let s = r[13];
  let nulls = 0;
  let open = 0;
  for (let k = 0; k < 15; k++) {
    const from = SOURCE[k];
    let v;
    let quoted = 0;
    if (from === CHAIN_KEY) v = chainKey;
    else if (from === CHANGES) v = changes;
    else if (from === 2) (v = time), (quoted = 1);
    else if (from === 0) (v = r[0]), (quoted = 1);
    else {
      v = r[from];
      if (v === NULL && NULLABLE[from]) (v = "null"), nulls++;
      else if (asIs) quoted = 1;
      else v = JSON.stringify(v);
    }
    s = s + GLUE[k][open][quoted] + v;
    open = quoted;
  }
  return String(nulls) === r[15] ? s + END[open] : null;
}

function verifyBatch(fields, changesText, n) {
  const plain = fields.indexOf('"') === -1 && fields.indexOf("\\") === -1;
  const changes = changesText.split(SEP);
  if (changes.length !== n) return REFUSED;
  const r = new Array(FIELDS);
  const len = fields.length;
  let at = 0;
  let first = null;
  let prevSeq = "";
  let prevHash = "";
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < FIELDS; k++) {
      if (at > len) return REFUSED;
      let end = fields.indexOf(SEP, at);
      if (end === -1) end = len;
      r[k] = fields.slice(at, end);
      at = end + 1;
    }
    if (i === 0) first = [r[0], r[13]];
    else if (r[0] !== String(Number(prevSeq) + 1) || r[13] !== prevHash) return REFUSED;
    const time = isoTime(r[2]);
    if (time === null) return REFUSED;
    if (changes[i] !== NULL && !exactJsonNumbers(changes[i])) return REFUSED;
    const c = changes[i] === NULL ? "null" : canonicalJson(JSON.parse(changes[i]));
    let input = hashInput(r, c, time, plain);
    if (input === null) return REFUSED;
    let h = hash("sha256", input, "hex");
    if (h !== r[14] && plain) {
      input = hashInput(r, c, time, false);
      h = hash("sha256", input, "hex");
    }
    if (h !== r[14]) return REFUSED;
    prevSeq = r[0];
    prevHash = r[14];
  }
  if (at !== len + 1) return REFUSED;
  return { ok: true, firstSeq: first[0], firstPrevHash: first[1], lastSeq: prevSeq, lastHash: prevHash };
}

parentPort.on("message", ({ id, fields, changes, n }) => {
  let result;
  try {
    result = verifyBatch(fields, changes, n);
  } catch {
    result = REFUSED;
  }
  parentPort.postMessage({ id, ...result });
});
`;
