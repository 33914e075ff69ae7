import { execFile } from "node:child_process";
import { createPrivateKey, generateKeyPairSync, sign } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import yauzl from "yauzl";
import { ZipFile } from "yazl";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { currentSigningKey, publishedKeySet } from "@/lib/evidence/signing-keys";
import { CHAIN_FILE, CHECKPOINTS_FILE, KEYS_FILE, type CheckpointsFile, type ExportedRow } from "@/lib/evidence/verifier/format";
import { openExport } from "@/lib/evidence/verifier/read-export";
import { exportedRowHash } from "@/lib/evidence/verifier/row-hash";
import { jwkThumbprint, signingInput } from "@/lib/evidence/verifier/signature";
import { formatVerdict, type Verdict } from "@/lib/evidence/verifier/verdict";
import { verifyExport } from "@/lib/evidence/verifier/verify-export";
import { signChainHeads } from "@/lib/evidence/checkpoints";
import { pruneAuditChain } from "@/lib/retention/audit-prune";
import { exportWorkspaceData } from "@/lib/workspaces/data-export";
import { callsWorkspace } from "../support/calls";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");
let database: TestDatabase;
let dir: string;
let zipPath: string;
/** The export's files, by name, as text. */
let files: Map<string, string>;

async function unzip(bytes: Buffer): Promise<Map<string, string>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z))));
  const out = new Map<string, string>();
  await new Promise<void>((resolve, reject) => {
    zip.on("error", reject).on("end", resolve);
    zip.on("entry", (entry: yauzl.Entry) =>
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c)).on("error", reject).on("end", () => {
          out.set(entry.fileName, Buffer.concat(chunks).toString("utf8"));
          zip.readEntry();
        });
      }),
    );
    zip.readEntry();
  });
  return out;
}

async function zipOf(contents: Map<string, string>, file: string): Promise<string> {
  const zip = new ZipFile();
  for (const [name, text] of contents) zip.addBuffer(Buffer.from(text), name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  writeFileSync(file, Buffer.concat(chunks));
  return file;
}

const rows = () => files.get(CHAIN_FILE)!.trimEnd().split("\n").map((l) => JSON.parse(l) as ExportedRow);
const checkpoints = () => JSON.parse(files.get(CHECKPOINTS_FILE)!) as CheckpointsFile;
/** What a forger does after changing a row: every hash from there on recomputed, every link redone. */
function rehash(list: ExportedRow[]): void {
  let prev = "0".repeat(64);
  for (const r of list) {
    r.prev_hash = prev;
    r.hash = exportedRowHash(prev, r);
    prev = r.hash;
  }
}
const jsonl = (list: ExportedRow[]) => `${list.map((r) => JSON.stringify(r)).join("\n")}\n`;

/** The export with some files replaced, unpacked into a folder of its own, verified. */
let n = 0;
async function verifyWith(changes: Record<string, string>, options: { trustedJwks?: unknown; heldCheckpoints?: unknown[] } = {}): Promise<Verdict> {
  const folder = path.join(dir, `variant-${++n}`);
  mkdirSync(folder);
  for (const [name, text] of files) writeFileSync(path.join(folder, name), changes[name] ?? text);
  const source = await openExport(folder);
  return verifyExport(source, options);
}

beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
  const ws = await callsWorkspace("verify-a");
  const actor = { type: "user" as const, userId: ws.owner.id, email: ws.owner.email };
  // Awkward text and numbers the export must carry exactly; a checkpoint part-way, more rows after it.
  for (let i = 0; i < 6; i++) {
    await recordAudit({ actor, workspaceId: ws.workspace.id, ip: "2001:db8::7", userAgent: "Zoë \u2028 \"ua\"", requestId: `req_${i}` }, "group.updated", { type: "group", id: `g${i}`, label: `Night "shift" ${i} ✓` }, {
      before: { n: i, big: 1e21, small: 1e-7, list: [1, { z: null, a: "é" }] }, after: { n: i + 0.5, text: "\\ \n \t" },
    });
    if (i === 2) await signChainHeads({ now: new Date() });
  }
  const response = await exportWorkspaceData(await ws.member(ws.owner), "req_export", async () => {});
  const bytes = Buffer.from(await response.arrayBuffer());
  dir = mkdtempSync(path.join(tmpdir(), "sb-verify-"));
  zipPath = path.join(dir, "export.zip");
  writeFileSync(zipPath, bytes);
  files = await unzip(bytes);
});
afterAll(async () => database.close());

describe("the export's evidence", () => {
  it("holds every row of the chain with its hash, oldest first, its checkpoints and the public keys", async () => {
    const list = rows();
    expect(list.map((r) => r.seq)).toEqual(list.map((_, i) => String(i + 1)));
    const file = checkpoints();
    expect(file.through_seq).toBe(list.at(-1)!.seq);
    expect(file.starts_after).toEqual({ seq: "0", hash: "0".repeat(64) });
    // The one the job signed part-way, and the one the export signed for its own last row.
    expect(file.checkpoints.map((c) => c.seq)).toEqual([String(list.findIndex((r) => r.target_id === "g2") + 1), file.through_seq]);
    expect(JSON.parse(files.get(KEYS_FILE)!)).toEqual(await publishedKeySet());
    const stored = await db().auditLog.findMany({ where: { chainKey: file.chain }, orderBy: { seq: "asc" }, select: { seq: true, hash: true } });
    expect(list.map((r) => r.hash)).toEqual(stored.slice(0, list.length).map((r) => r.hash));
  });
});

describe("the offline verifier", () => {
  it("verifies an untouched export: up to its last row, at the signing time, by the key", async () => {
    const source = await openExport(zipPath);
    const verdict = await verifyExport(source);
    source.close();
    const last = checkpoints().checkpoints.at(-1)!;
    expect(verdict).toMatchObject({ ok: true, problems: [], rowsChecked: rows().length, unsignedRows: 0, checkpointsVerified: 2, keys: "export" });
    expect(verdict.verifiedThrough).toMatchObject({ seq: last.seq, at: last.at, kid: last.kid, id: last.id });
    expect(formatVerdict(verdict)).toContain(`verified up to seq ${last.seq} at time ${last.at}, signed by key ${last.kid}`);
    // Against the published key set too.
    expect(await verifyWith({}, { trustedJwks: await publishedKeySet() })).toMatchObject({ ok: true, keys: "given" });
  });

  it("names the row that was changed", async () => {
    const list = rows();
    list[2]!.target_label = "edited";
    const verdict = await verifyWith({ [CHAIN_FILE]: jsonl(list) });
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toEqual([expect.objectContaining({ kind: "row", seq: "3", line: 3, reason: "hash_mismatch" })]);
    expect(formatVerdict(verdict)).toContain("FAILED: row seq 3 (line 3) was altered");
  });

  it("names the row that was removed, in the middle or at the end", async () => {
    const list = rows();
    const middle = await verifyWith({ [CHAIN_FILE]: jsonl(list.filter((r) => r.seq !== "4")) });
    expect(middle.problems).toEqual([expect.objectContaining({ kind: "row", seq: "4", reason: "gap", message: expect.stringContaining("row seq 4 is missing") })]);
    const last = list.at(-1)!.seq;
    const end = await verifyWith({ [CHAIN_FILE]: jsonl(list.slice(0, -1)) });
    expect(end.ok).toBe(false);
    expect(end.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: "row", seq: last, reason: "gap" }),
        expect.objectContaining({ kind: "checkpoint", seq: last, reason: "missing_row" }),
      ]),
    );
  });

  it("names the checkpoint that was forged", async () => {
    const file = checkpoints();
    const forged = file.checkpoints[0]!;
    forged.seq = String(Number(forged.seq) + 1);
    forged.hash = rows()[Number(forged.seq) - 1]!.hash;
    const verdict = await verifyWith({ [CHECKPOINTS_FILE]: JSON.stringify(file) });
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toEqual([expect.objectContaining({ kind: "checkpoint", id: forged.id, reason: "bad_signature" })]);
    expect(formatVerdict(verdict)).toContain(`FAILED: checkpoint ${forged.id} (seq ${forged.seq}, key ${forged.kid}): the signature does not verify`);
  });

  it("catches rows rewritten and re-hashed end to end: the signed checkpoint no longer matches", async () => {
    const list = rows();
    list[1]!.action = "group.deleted";
    rehash(list);
    const verdict = await verifyWith({ [CHAIN_FILE]: jsonl(list) });
    const first = checkpoints().checkpoints[0]!;
    expect(verdict.ok).toBe(false);
    expect(verdict.problems[0]).toMatchObject({ kind: "checkpoint", id: first.id, seq: first.seq, reason: "hash_mismatch" });
  });

  it("catches a server that rewrote history and re-signed it, with a checkpoint the customer kept from before", async () => {
    const held = checkpoints().checkpoints[0]!;
    const list = rows();
    list[0]!.actor_label = "someone-else@example.com";
    rehash(list);
    // The server's own key signs the rewritten chain: without the held checkpoint it verifies.
    const key = await currentSigningKey();
    const file = checkpoints();
    file.checkpoints = file.checkpoints.map((c) => {
      const statement = { ...c, hash: list[Number(c.seq) - 1]!.hash, kid: key.kid };
      return { ...statement, signature: sign(null, signingInput(statement), key.privateKey).toString("base64url") };
    });
    const changes = { [CHAIN_FILE]: jsonl(list), [CHECKPOINTS_FILE]: JSON.stringify(file) };
    expect(await verifyWith(changes, { trustedJwks: await publishedKeySet() })).toMatchObject({ ok: true });
    const verdict = await verifyWith(changes, { trustedJwks: await publishedKeySet(), heldCheckpoints: [held] });
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toEqual([expect.objectContaining({ kind: "checkpoint", id: held.id, seq: held.seq, reason: "hash_mismatch" })]);
  });

  it("refuses a checkpoint signed by a key the forger added, once the published key set is given", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const x = publicKey.export({ format: "jwk" }).x!;
    const kid = jwkThumbprint(x);
    const list = rows();
    list.pop();
    const file = checkpoints();
    const last = list.at(-1)!;
    const statement = { id: "999", chain: file.chain, seq: last.seq, hash: last.hash, at: new Date().toISOString(), kid };
    file.checkpoints = [file.checkpoints[0]!, { ...statement, signature: sign(null, signingInput(statement), createPrivateKey(privateKey.export({ format: "pem", type: "pkcs8" }))).toString("base64url") }];
    file.through_seq = last.seq;
    const keys = { keys: [...(await publishedKeySet()).keys, { kty: "OKP", crv: "Ed25519", x, kid }] };
    const changes = { [CHAIN_FILE]: jsonl(list), [CHECKPOINTS_FILE]: JSON.stringify(file), [KEYS_FILE]: JSON.stringify(keys) };
    // Trusting the export's own keys, the truncated export looks whole: the verifier says so.
    const selfTrusted = await verifyWith(changes);
    expect(selfTrusted.ok).toBe(true);
    expect(selfTrusted.notes.join(" ")).toMatch(/taken from the export itself/);
    const anchored = await verifyWith(changes, { trustedJwks: await publishedKeySet() });
    expect(anchored.ok).toBe(false);
    expect(anchored.problems).toEqual([expect.objectContaining({ kind: "checkpoint", id: "999", reason: "unknown_key" })]);
  });
});

describe("npm run audit:verify", () => {
  it("verifies the exported ZIP as a child process (exit 0), with no database and no configuration", async () => {
    // Nothing of the app's configuration: only what npm needs to run.
    const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "test" } as const;
    const { stdout } = await run("npm", ["run", "--silent", "audit:verify", "--", zipPath], { cwd: ROOT, env });
    const last = checkpoints().checkpoints.at(-1)!;
    expect(stdout).toContain(`OK: verified up to seq ${last.seq} at time ${last.at}, signed by key ${last.kid}`);
  });

  it("exits 1 naming the altered row of a tampered ZIP, and checks a given JWKS file", async () => {
    const list = rows();
    list[4]!.ip = "198.51.100.1";
    const tampered = await zipOf(new Map([...files, [CHAIN_FILE, jsonl(list)]]), path.join(dir, "tampered.zip"));
    const jwks = path.join(dir, "jwks.json");
    writeFileSync(jwks, JSON.stringify(await publishedKeySet()));
    const cli = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
    const failure = await run(process.execPath, [cli, "scripts/verify-audit-export.ts", tampered, "--jwks", jwks], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", NODE_ENV: "test" } }).then(
      () => null,
      (e: { code: number; stdout: string }) => e,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toContain("FAILED: row seq 5 (line 5) was altered");
    expect(readFileSync(jwks, "utf8")).toContain("Ed25519");
  });
});

describe("an export after retention removed the chain's oldest rows", () => {
  let pruned: Map<string, string>;
  const folder = async (contents: Map<string, string>, changes: Record<string, string> = {}) => {
    const where = path.join(dir, `pruned-${++n}`);
    mkdirSync(where);
    for (const [name, text] of contents) writeFileSync(path.join(where, name), changes[name] ?? text);
    return verifyExport(await openExport(where));
  };

  beforeAll(async () => {
    const ws = await callsWorkspace("verify-old");
    const actor = { type: "system" as const, label: "vitest" };
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(new Date(Date.now() - 40 * 86_400_000));
      for (let i = 0; i < 4; i++) await recordAudit({ actor, workspaceId: ws.workspace.id }, "workspace.renamed", { type: "workspace", id: ws.workspace.id }, { after: { i } });
    } finally {
      vi.useRealTimers();
    }
    for (let i = 0; i < 3; i++) await recordAudit({ actor, workspaceId: ws.workspace.id }, "workspace.renamed", { type: "workspace", id: ws.workspace.id }, { after: { i } });
    expect(await pruneAuditChain(ws.workspace.id, new Date(Date.now() - 35 * 86_400_000), 100)).toBe(4);
    const response = await exportWorkspaceData(await ws.member(ws.owner), "req_export", async () => {});
    pruned = await unzip(Buffer.from(await response.arrayBuffer()));
  });

  it("verifies from retention's anchor, which the export signs", async () => {
    const file = JSON.parse(pruned.get(CHECKPOINTS_FILE)!) as CheckpointsFile;
    expect(file.starts_after.seq).toBe("4");
    expect(file.checkpoints.map((c) => c.seq)).toEqual(["4", file.through_seq]);
    const verdict = await folder(pruned);
    expect(verdict).toMatchObject({ ok: true, firstSeq: "5", startsAfter: file.starts_after });
    expect(formatVerdict(verdict)).toContain("the export starts after seq 4");
  });

  it("names the unsigned start when whoever held the file dropped its oldest rows and moved the start", async () => {
    const list = pruned.get(CHAIN_FILE)!.trimEnd().split("\n").map((l) => JSON.parse(l) as ExportedRow);
    const file = JSON.parse(pruned.get(CHECKPOINTS_FILE)!) as CheckpointsFile;
    const dropped = list.shift()!;
    file.starts_after = { seq: dropped.seq, hash: dropped.hash };
    file.checkpoints = file.checkpoints.filter((c) => c.seq !== "4");
    const verdict = await folder(pruned, { [CHAIN_FILE]: jsonl(list), [CHECKPOINTS_FILE]: JSON.stringify(file) });
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toEqual([expect.objectContaining({ kind: "file", message: expect.stringContaining(`where the export starts (after seq ${dropped.seq}) is not signed`) })]);
  });
});
