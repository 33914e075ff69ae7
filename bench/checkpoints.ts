import { generateKeyPairSync, sign } from "node:crypto";
import { mkdtempSync, rmSync, statSync, createWriteStream } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { ZipFile } from "yazl";
import { GENESIS_HASH, rowHash } from "../lib/audit/chain";
import { db } from "../lib/db/client";
import { signChainHeads } from "../lib/evidence/checkpoints";
import { CHAIN_FILE, CHECKPOINTS_FILE, CHECKPOINTS_FORMAT, KEYS_FILE, type SignedCheckpoint } from "../lib/evidence/verifier/format";
import { readKeySet } from "../lib/evidence/verifier/keys";
import { openExport } from "../lib/evidence/verifier/read-export";
import { checkpointSignatureValid, jwkThumbprint, signingInput } from "../lib/evidence/verifier/signature";
import { verifyExport } from "../lib/evidence/verifier/verify-export";
import { createTestDatabase } from "../test/support/database";

/**
 * Signed chain checkpoints (issue 17): what signing costs, and what the offline verifier
 * costs per million rows.
 *   1. Ed25519 signing of a checkpoint statement, in memory (µs each), and verifying one.
 *   2. signChainHeads over --chains chains moved by 5 rows each on the database (PGlite in
 *      memory, or TEST_DATABASE_URL): the job's real path — the query, the rows since the last
 *      checkpoint verified, the signature, the batched insert. Then the same run with no
 *      chain moved (the common case every 5 minutes).
 *   3. The verifier on an export ZIP of --rows rows (default 1,000,000), generated with the
 *      server's own rowHash, one signed checkpoint every --every rows: openExport +
 *      verifyExport exactly as `npm run audit:verify` runs them (inflate, JSON.parse,
 *      canonical JSON, SHA-256, link checks, signatures). Printed per million rows.
 * The load average is printed with the figures: the machine may be shared.
 */
const { values } = parseArgs({ options: { rows: { type: "string", default: "1000000" }, every: { type: "string", default: "10000" }, chains: { type: "string", default: "1000" }, signs: { type: "string", default: "20000" } } });
const ROWS = Number(values.rows);
const EVERY = Number(values.every);
const CHAINS = Number(values.chains);
const SIGNS = Number(values.signs);
process.env.DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "sb-bench-"));
process.env.LOG_LEVEL = "silent";
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
console.log(`load average at start: ${load()}`);

// 1. Signing and verifying one statement, in memory.
const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const x = publicKey.export({ format: "jwk" }).x!;
const kid = jwkThumbprint(x);
const statement = (seq: number, hash: string) => ({ at: new Date(Date.UTC(2026, 11, 4) + seq).toISOString(), chain: "bench", hash, kid, seq: String(seq) });
let t0 = performance.now();
const signed: SignedCheckpoint[] = [];
for (let i = 0; i < SIGNS; i++) {
  const s = statement(i, GENESIS_HASH);
  signed.push({ ...s, id: String(i), signature: sign(null, signingInput(s), privateKey).toString("base64url") });
}
const signUs = ((performance.now() - t0) * 1000) / SIGNS;
const { keys } = readKeySet({ keys: [{ kty: "OKP", crv: "Ed25519", x, kid }] });
t0 = performance.now();
for (const c of signed) if (!checkpointSignatureValid(c, keys.get(kid)!)) throw new Error("bench: a signature did not verify");
const verifyUs = ((performance.now() - t0) * 1000) / SIGNS;
console.log(`Ed25519 checkpoint signature (in memory, ${SIGNS}): sign ${signUs.toFixed(1)} µs, verify ${verifyUs.toFixed(1)} µs`);

// 2. The job's path on the database: CHAINS chains moved by PER_CHAIN rows each, then none.
const PER_CHAIN = 5;
const database = await createTestDatabase();
const workspaceIds = (await db().$queryRaw<{ id: string }[]>`
  INSERT INTO workspaces (id, slug, name, updated_at)
  SELECT gen_random_uuid(), 'bench-' || g, 'bench ' || g, now() FROM generate_series(1, ${CHAINS}::int) g RETURNING id::text AS id`).map((r) => r.id);
const cols = { chain: [] as string[], seq: [] as string[], at: [] as Date[], prev: [] as string[], hash: [] as string[] };
const heads = { chain: [] as string[], seq: [] as string[], hash: [] as string[] };
for (const id of workspaceIds) {
  let prev = GENESIS_HASH;
  for (let i = 1; i <= PER_CHAIN; i++) {
    const at = new Date(Date.UTC(2026, 11, 4, 0, 0, i));
    const hash = rowHash(prev, { chainKey: id, seq: BigInt(i), workspaceId: id, occurredAt: at, actorType: "system", actorId: null, actorLabel: "bench", action: "workspace.renamed", targetType: null, targetId: null, targetLabel: null, changes: null, ip: null, userAgent: null, requestId: null });
    cols.chain.push(id);
    cols.seq.push(String(i));
    cols.at.push(at);
    cols.prev.push(prev);
    cols.hash.push(hash);
    prev = hash;
  }
  heads.chain.push(id);
  heads.seq.push(String(PER_CHAIN));
  heads.hash.push(prev);
}
await db().$executeRaw`
  INSERT INTO audit_logs (chain_key, seq, workspace_id, occurred_at, actor_type, actor_label, action, prev_hash, hash)
  SELECT c, s, c::uuid, t, 'system', 'bench', 'workspace.renamed', p, h
  FROM unnest(${cols.chain}::text[], ${cols.seq}::bigint[], ${cols.at}::timestamptz[], ${cols.prev}::text[], ${cols.hash}::text[]) AS x(c, s, t, p, h)`;
await db().$executeRaw`INSERT INTO audit_chain_heads (chain_key, seq, hash) SELECT * FROM unnest(${heads.chain}::text[], ${heads.seq}::bigint[], ${heads.hash}::text[])`;
t0 = performance.now();
const wrote = await signChainHeads({ now: new Date() });
const jobMs = performance.now() - t0;
if (wrote !== CHAINS) throw new Error(`bench: ${wrote} of ${CHAINS} chains signed`);
t0 = performance.now();
const idle = await signChainHeads({ now: new Date() });
const idleMs = performance.now() - t0;
console.log(
  `signChainHeads on ${database.kind === "postgresql" ? "PostgreSQL" : "PGlite (in memory)"}: ${wrote} chains moved by ${PER_CHAIN} rows each, verified and signed in ${jobMs.toFixed(0)} ms (${(jobMs / wrote).toFixed(2)} ms a chain, first key created and wrapped included); nothing moved: ${idle} in ${idleMs.toFixed(1)} ms`,
);
await database.close();

// 3. The verifier on a ZIP of ROWS rows.
const dir = mkdtempSync(path.join(tmpdir(), "sb-bench-verify-"));
const zipPath = path.join(dir, "export.zip");
const chain = "6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b";
const checkpoints: SignedCheckpoint[] = [];
t0 = performance.now();
function* lines() {
  let prev = GENESIS_HASH;
  const base = Date.UTC(2026, 8, 1);
  for (let i = 1; i <= ROWS; i++) {
    const f = {
      chainKey: chain, seq: BigInt(i), workspaceId: chain, occurredAt: new Date(base + i * 1000), actorType: i % 10 ? "user" : "api_key", actorId: `u${i % 500}`,
      actorLabel: `member${i % 500}@example.com`, action: "member.role_changed", targetType: "member", targetId: `m${i % 3000}`, targetLabel: `Member ${i % 3000}`,
      changes: { before: { role: "agent" }, after: { role: "admin", n: i } }, ip: "203.0.113.7", userAgent: "Mozilla/5.0 (X11; Linux x86_64)", requestId: `req_${i}`,
    };
    const hash = rowHash(prev, f);
    yield `${JSON.stringify({
      seq: String(i), chain_key: chain, workspace_id: chain, occurred_at: f.occurredAt.toISOString(), actor_type: f.actorType, actor_id: f.actorId, actor_label: f.actorLabel,
      action: f.action, target_type: f.targetType, target_id: f.targetId, target_label: f.targetLabel, changes: f.changes, ip: f.ip, user_agent: f.userAgent, request_id: f.requestId, prev_hash: prev, hash,
    })}\n`;
    if (i % EVERY === 0 || i === ROWS) {
      const s = { ...statement(i, hash), chain };
      checkpoints.push({ ...s, id: String(checkpoints.length + 1), signature: sign(null, signingInput(s), privateKey).toString("base64url") });
    }
    prev = hash;
  }
}
const zip = new ZipFile();
zip.addReadStream(Readable.from(lines()), CHAIN_FILE);
const written = pipeline(zip.outputStream, createWriteStream(zipPath));
// The chain entry is read to its end before the next entry is added: the checkpoints are complete by then.
zip.addReadStreamLazy(CHECKPOINTS_FILE, (cb) =>
  cb(null, Readable.from([JSON.stringify({ format: CHECKPOINTS_FORMAT, chain, starts_after: { seq: "0", hash: GENESIS_HASH }, through_seq: String(ROWS), checkpoints })])),
);
zip.addBuffer(Buffer.from(JSON.stringify({ keys: [{ kty: "OKP", crv: "Ed25519", x, kid, alg: "EdDSA", use: "sig" }] })), KEYS_FILE);
zip.end();
await written;
const genS = (performance.now() - t0) / 1000;
console.log(`export ZIP of ${ROWS} rows and ${checkpoints.length} checkpoints generated (rowHash, deflate) in ${genS.toFixed(1)} s: ${(statSync(zipPath).size / 1e6).toFixed(1)} MB`);

const loadBefore = load();
t0 = performance.now();
const source = await openExport(zipPath);
const verdict = await verifyExport(source);
source.close();
const verifyS = (performance.now() - t0) / 1000;
if (!verdict.ok || verdict.rowsChecked !== ROWS || verdict.checkpointsVerified !== checkpoints.length) throw new Error(`bench: the export did not verify: ${JSON.stringify(verdict.problems.slice(0, 3))}`);
const perMillion = (verifyS * 1e6) / ROWS;
console.log(
  `offline verifier (npm run audit:verify's path, one thread): ${ROWS} rows + ${checkpoints.length} signatures in ${verifyS.toFixed(2)} s = ${Math.round(ROWS / verifyS).toLocaleString("en")} rows/s, ${perMillion.toFixed(2)} s per million rows (load average ${loadBefore} → ${load()})`,
);
console.log(`signature share of that: ${((checkpoints.length * verifyUs) / 1e6).toFixed(3)} s per ${checkpoints.length} checkpoints`);
rmSync(dir, { recursive: true, force: true });
