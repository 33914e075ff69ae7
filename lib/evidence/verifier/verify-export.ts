import type { KeyObject } from "node:crypto";
import { exactJsonNumbers } from "./canonical-json";
import { CHAIN_FILE, CHECKPOINTS_FILE, CHECKPOINTS_FORMAT, KEYS_FILE, type CheckpointsFile, type ExportedRow, type SignedCheckpoint } from "./format";
import { readKeySet } from "./keys";
import { exportedRowHash } from "./row-hash";
import { checkpointSignatureValid } from "./signature";
import type { Problem, Verdict, VerifiedPoint } from "./verdict";

/**
 * The offline verifier (docs/security/audit-verification.md): it recomputes a workspace
 * export's audit chain from its rows and checks every signed checkpoint against the public
 * keys, trusting nothing the server says about itself except what a signature vouches for.
 * It imports only Node's built-ins and this folder (test/unit/audit-verifier.test.ts holds it
 * to that), so it runs with no database and no configuration.
 */
export interface ExportSource {
  /** A small file's text, or null when the export has no such file. */
  text(name: string): Promise<string | null>;
  /** A file's lines in order, without their line ends. */
  lines(name: string): AsyncIterable<string>;
}

export interface VerifyOptions {
  /** A JWKS the user trusts (saved from the published URL): then only its keys count, not the export's own. */
  trustedJwks?: unknown;
  /**
   * Checkpoints the user obtained on their own, earlier (the API, their SIEM's stream): each
   * must match the export's rows like its own. A server that rewrote history and re-signed it
   * cannot match a checkpoint the customer already holds.
   */
  heldCheckpoints?: unknown[];
}

const SEQ = /^(0|[1-9]\d{0,18})$/;
const HASH = /^[0-9a-f]{64}$/;

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

function wellFormedCheckpoint(c: unknown, chain: string): c is SignedCheckpoint {
  const x = c as Partial<SignedCheckpoint> | null;
  return (
    !!x && typeof x === "object" && typeof x.id === "string" && x.chain === chain && typeof x.seq === "string" && SEQ.test(x.seq) &&
    typeof x.hash === "string" && HASH.test(x.hash) && typeof x.at === "string" && typeof x.kid === "string" && typeof x.signature === "string"
  );
}

const name = (c: { id?: unknown; seq?: unknown; kid?: unknown }) => `checkpoint ${String(c.id)} (seq ${String(c.seq)}, key ${String(c.kid)})`;

export async function verifyExport(source: ExportSource, options: VerifyOptions = {}): Promise<Verdict> {
  const problems: Problem[] = [];
  const notes: string[] = [];
  const verdict = (partial: Partial<Verdict>): Verdict => ({
    ok: false, chain: null, rowsChecked: 0, firstSeq: null, lastSeq: null, startsAfter: null, verifiedThrough: null, unsignedRows: 0,
    checkpointsVerified: 0, keys: options.trustedJwks === undefined ? "export" : "given", problems, notes, ...partial,
  });

  // 1. Keys: the user's JWKS if given (the export's own keys then only prove consistency).
  const exportedKeys = readKeySet(parse((await source.text(KEYS_FILE)) ?? "null"));
  let keys: Map<string, KeyObject>;
  if (options.trustedJwks !== undefined) {
    const given = readKeySet(options.trustedJwks);
    for (const r of given.rejected) notes.push(`given JWKS: ${r} (ignored)`);
    keys = given.keys;
    for (const kid of exportedKeys.keys.keys()) if (!keys.has(kid)) notes.push(`the export's key ${kid} is not in the given JWKS: what it signed is refused`);
  } else {
    for (const r of exportedKeys.rejected) problems.push({ kind: "file", name: KEYS_FILE, message: `${KEYS_FILE}: ${r}` });
    keys = exportedKeys.keys;
    notes.push("keys were taken from the export itself: pass --jwks with the published key set to check they are the server's");
  }

  // 2. Checkpoints: each signature on its own; the good ones wait for their row.
  const file = parse((await source.text(CHECKPOINTS_FILE)) ?? "null") as Partial<CheckpointsFile> | undefined;
  const anchor = file?.starts_after;
  if (!file || file.format !== CHECKPOINTS_FORMAT || typeof file.chain !== "string" || !anchor || !SEQ.test(String(anchor.seq)) || !HASH.test(String(anchor.hash)) ||
      !SEQ.test(String(file.through_seq)) || !Array.isArray(file.checkpoints)) {
    problems.push({ kind: "file", name: CHECKPOINTS_FILE, message: `${CHECKPOINTS_FILE} is missing or not a ${CHECKPOINTS_FORMAT} file` });
    return verdict({});
  }
  const chain = file.chain;
  const startsAfter = { seq: String(anchor.seq), hash: String(anchor.hash) };
  const waiting = new Map<string, SignedCheckpoint[]>();
  let beforeRows = 0;
  for (const c of [...(file.checkpoints as unknown[]), ...(options.heldCheckpoints ?? [])]) {
    if (!wellFormedCheckpoint(c, chain)) {
      const x = (c ?? {}) as Record<string, unknown>;
      problems.push({ kind: "checkpoint", id: String(x.id), seq: String(x.seq), kid: String(x.kid), reason: "malformed", message: `${name(x)} is malformed or names another chain` });
      continue;
    }
    const key = keys.get(c.kid);
    if (!key) {
      problems.push({ kind: "checkpoint", id: c.id, seq: c.seq, kid: c.kid, reason: "unknown_key", message: `${name(c)} is signed by a key that is not trusted` });
    } else if (!checkpointSignatureValid(c, key)) {
      problems.push({ kind: "checkpoint", id: c.id, seq: c.seq, kid: c.kid, reason: "bad_signature", message: `${name(c)}: the signature does not verify (forged or altered)` });
    } else if (BigInt(c.seq) < BigInt(startsAfter.seq)) {
      beforeRows++;
    } else {
      waiting.set(c.seq, [...(waiting.get(c.seq) ?? []), c]);
    }
  }
  if (beforeRows > 0) notes.push(`${beforeRows} checkpoints sign rows retention has since removed: not checkable here`);

  // Mutated by vouch(): an object, so the compiler does not narrow it to its first value.
  const signed: { through: VerifiedPoint | null; verified: number; unsigned: number } = { through: null, verified: 0, unsigned: 0 };
  const vouch = (seq: string, hash: string, occurredAt: string | null) => {
    for (const c of waiting.get(seq) ?? []) {
      if (c.hash === hash) {
        signed.verified++;
        signed.through = { id: c.id, seq: c.seq, at: c.at, kid: c.kid, occurredAt };
        signed.unsigned = 0;
      } else {
        problems.push({ kind: "checkpoint", id: c.id, seq: c.seq, kid: c.kid, reason: "hash_mismatch",
          message: `${name(c)} vouches for hash ${c.hash}, but the export's row ${seq} has ${hash}: the rows up to seq ${seq} were rewritten after it was signed` });
      }
    }
    waiting.delete(seq);
  };
  vouch(startsAfter.seq, startsAfter.hash, null);
  // After retention the export starts part-way; the service signs that start in every export,
  // so an unsigned one means rows before it may have been dropped by whoever held the file.
  if (startsAfter.seq !== "0" && signed.through === null && !problems.some((p) => p.kind === "checkpoint" && p.seq === startsAfter.seq)) {
    problems.push({ kind: "file", name: CHECKPOINTS_FILE, message: `where the export starts (after seq ${startsAfter.seq}) is not signed: rows before it may have been removed` });
  }

  // 3. The rows, oldest first: each must carry the next seq, link to the row before and hash to its stored hash.
  let prevHash = startsAfter.hash;
  let expected = BigInt(startsAfter.seq) + 1n;
  let line = 0;
  let checked = 0;
  let firstSeq: string | null = null;
  let lastSeq: string | null = null;
  let broken = false;
  const fail = (seq: string, reason: Extract<Problem, { kind: "row" }>["reason"], message: string) => {
    problems.push({ kind: "row", seq, line, reason, message });
    broken = true;
  };
  for await (const text of source.lines(CHAIN_FILE)) {
    line++;
    if (text === "") continue;
    const row = parse(text) as ExportedRow | undefined;
    if (!row || typeof row !== "object" || typeof row.seq !== "string" || !SEQ.test(row.seq) || typeof row.hash !== "string" || typeof row.prev_hash !== "string") {
      fail(String(expected), "malformed", `${CHAIN_FILE} line ${line} is not an audit row (seq ${expected} expected)`);
      break;
    }
    const seq = BigInt(row.seq);
    if (seq !== expected) {
      if (seq > expected) fail(String(expected), "gap", `row seq ${expected} is missing: line ${line} holds seq ${row.seq} (rows were removed)`);
      else fail(row.seq, "gap", `line ${line} holds seq ${row.seq} where seq ${expected} was expected (rows duplicated or reordered)`);
      break;
    }
    if (row.chain_key !== chain) {
      fail(row.seq, "wrong_chain", `row seq ${row.seq} (line ${line}) belongs to chain ${String(row.chain_key)}, not ${chain}`);
      break;
    }
    if (row.prev_hash !== prevHash) {
      fail(row.seq, "link_mismatch", `row seq ${row.seq} (line ${line}): its prev_hash does not link to the row before it`);
      break;
    }
    if (!exactJsonNumbers(text) || exportedRowHash(prevHash, row) !== row.hash) {
      fail(row.seq, "hash_mismatch", `row seq ${row.seq} (line ${line}) was altered: its fields do not hash to its stored hash`);
      break;
    }
    firstSeq ??= row.seq;
    lastSeq = row.seq;
    checked++;
    signed.unsigned++;
    vouch(row.seq, row.hash, row.occurred_at);
    prevHash = row.hash;
    expected++;
  }

  // 4. The end: the announced last row, and no good checkpoint beyond the rows.
  if (!broken) {
    const through = BigInt(String(file.through_seq));
    if (through !== expected - 1n) {
      const at = through > expected - 1n ? `row seq ${expected} is missing: the export announces rows through seq ${through} but ends at seq ${expected - 1n} (rows were removed from its end)` : `the export holds rows beyond the seq ${through} it announces`;
      problems.push({ kind: "row", seq: String(expected), line, reason: "gap", message: at });
    }
    for (const list of waiting.values()) {
      for (const c of list) problems.push({ kind: "checkpoint", id: c.id, seq: c.seq, kid: c.kid, reason: "missing_row", message: `${name(c)}: the export has no row ${c.seq} (rows were removed from its end)` });
    }
  } else if (waiting.size > 0) {
    notes.push(`${[...waiting.values()].flat().length} checkpoints after the break were not checked`);
  }
  if (problems.length === 0 && signed.through === null && checked > 0) {
    problems.push({ kind: "file", name: CHECKPOINTS_FILE, message: "no signed checkpoint covers any row: the rows link, but nothing proves they are the server's" });
  }
  return verdict({
    ok: problems.length === 0, chain, rowsChecked: checked, firstSeq, lastSeq, startsAfter, verifiedThrough: signed.through, unsignedRows: signed.through ? signed.unsigned : checked,
    checkpointsVerified: signed.verified,
  });
}
