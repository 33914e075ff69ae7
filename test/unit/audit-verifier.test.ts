import { createPrivateKey, createPublicKey, sign } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalJson as serverCanonicalJson, rowHash } from "@/lib/audit/chain";
import { exactJsonNumbers as serverExactJsonNumbers } from "@/lib/audit/exact-numbers";
import { canonicalJson, exactJsonNumbers } from "@/lib/evidence/verifier/canonical-json";
import type { ExportedRow } from "@/lib/evidence/verifier/format";
import { readHeldCheckpoints } from "@/lib/evidence/verifier/read-export";
import { exportedRowHash } from "@/lib/evidence/verifier/row-hash";
import { checkpointSignatureValid, jwkThumbprint, publicKeyOf, signingInput } from "@/lib/evidence/verifier/signature";

const VERIFIER_DIR = path.resolve(import.meta.dirname, "../../lib/evidence/verifier");

describe("the offline verifier stands alone", () => {
  it("imports only Node built-ins, yauzl and its own folder: nothing of the server", () => {
    const files = readdirSync(VERIFIER_DIR).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const source = readFileSync(path.join(VERIFIER_DIR, file), "utf8");
      const specifiers = [...source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^"']*?from\s+["']([^"']+)["']/g), ...source.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!);
      for (const s of specifiers) expect(s.startsWith("node:") || s === "yauzl" || /^\.\/[\w-]+$/.test(s), `${file} imports ${s}`).toBe(true);
      expect(source, file).not.toMatch(/process\.env|server-only/);
    }
  });
});

/** Rows as the server writes them, with the awkward values the canonical form must agree on. */
const ROWS: Array<Omit<ExportedRow, "seq" | "prev_hash" | "hash">> = [
  { chain_key: "platform", workspace_id: null, occurred_at: "2026-12-04T01:00:00.000Z", actor_type: "system", actor_id: null, actor_label: "retention", action: "retention.ran", target_type: null, target_id: null, target_label: null, changes: null, ip: null, user_agent: null, request_id: null },
  {
    chain_key: "6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b", workspace_id: "6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b", occurred_at: "2026-12-04T01:00:00.001Z", actor_type: "user",
    actor_id: "u1", actor_label: "Zoë \u2028 \"quoted\" ✓ \\ \n\t\u0001 😀", action: "group.updated", target_type: "group", target_id: "g1", target_label: "\ud83d lone surrogate",
    changes: { z: 1, a: [1, { y: null, b: "é", "e\u0301": 2, é: 3 }], big: 1e21, small: 1e-7, neg: -0.5, "😀": true, "\uffff": false, deep: { b: [[]], a: {} } },
    ip: "2001:db8::1", user_agent: "vitest", request_id: "req_1",
  },
];

describe("the verifier's hash is the server's", () => {
  it("canonical JSON and row hashes agree with lib/audit/chain.ts on awkward rows", () => {
    let prev = "0".repeat(64);
    ROWS.forEach((r, i) => {
      const seq = String(i + 1);
      expect(canonicalJson(r.changes)).toBe(serverCanonicalJson(r.changes));
      const server = rowHash(prev, {
        chainKey: r.chain_key, seq: BigInt(seq), workspaceId: r.workspace_id, occurredAt: new Date(r.occurred_at), actorType: r.actor_type, actorId: r.actor_id, actorLabel: r.actor_label,
        action: r.action, targetType: r.target_type, targetId: r.target_id, targetLabel: r.target_label, changes: r.changes, ip: r.ip, userAgent: r.user_agent, requestId: r.request_id,
      });
      expect(exportedRowHash(prev, { ...r, seq, prev_hash: prev, hash: "" })).toBe(server);
      prev = server;
    });
  });

  it("refuses the same numbers the server's verification refuses", () => {
    for (const text of ['{"n": 12345678901234567890}', '{"x": 0.30000000000000001}', '{"b": 1e400}', '{"a": 1, "b": [2.75, 1000000000000000000000]}', '"12345678901234567890"']) {
      expect(exactJsonNumbers(text), text).toBe(serverExactJsonNumbers(text));
    }
  });
});

/** The worked example of docs/security/audit-verification.md §5: RFC 8032's test key 1 (RFC 8037's example key). */
const VECTOR = {
  seed: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
  x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
  kid: "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k",
  row: {
    seq: "1", chain_key: "6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b", workspace_id: "6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b", occurred_at: "2026-12-04T01:00:00.000Z",
    actor_type: "user", actor_id: "0b6e3c1a-2d4f-4a8b-9c0d-1e2f3a4b5c6d", actor_label: "owner@example.com", action: "workspace.created", target_type: "workspace",
    target_id: "6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b", target_label: "acme", changes: { after: { name: "Acme", slug: "acme" } }, ip: "203.0.113.7", user_agent: "Mozilla/5.0",
    request_id: "req_01", prev_hash: "0".repeat(64), hash: "1048f5d61dbc2f439c2c1bc9568657768c68b71d7c592b8387d8ca1e50397ed1",
  } satisfies ExportedRow,
  at: "2026-12-04T01:05:00.000Z",
  signature: "nMpniNRbDhYuU3OoWUZTaagRO9fSZ_XBUEA1_MrkHu88bw5Pad3aVlJHFP6LxalAhJ1RSKUM0Sb32hH8LZFlCQ",
};

describe("the documented worked example", () => {
  const privateKey = createPrivateKey({ key: Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), Buffer.from(VECTOR.seed, "hex")]), format: "der", type: "pkcs8" });
  const checkpoint = { id: "1", chain: VECTOR.row.chain_key, seq: "1", hash: VECTOR.row.hash, at: VECTOR.at, kid: VECTOR.kid, signature: VECTOR.signature };

  it("reproduces the row hash, the RFC 7638 key id (RFC 8037 §A.3) and the Ed25519 signature", () => {
    expect(exportedRowHash(VECTOR.row.prev_hash, VECTOR.row)).toBe(VECTOR.row.hash);
    expect(createPublicKey(privateKey).export({ format: "jwk" }).x).toBe(VECTOR.x);
    expect(jwkThumbprint(VECTOR.x)).toBe(VECTOR.kid);
    expect(sign(null, signingInput(checkpoint), privateKey).toString("base64url")).toBe(VECTOR.signature);
    expect(signingInput(checkpoint).toString("utf8")).toBe(
      `switchboard.audit-checkpoint.v1\n{"at":"${VECTOR.at}","chain":"${VECTOR.row.chain_key}","hash":"${VECTOR.row.hash}","kid":"${VECTOR.kid}","seq":"1"}`,
    );
  });

  it("is in the document, value for value", () => {
    const doc = readFileSync(path.resolve(import.meta.dirname, "../../docs/security/audit-verification.md"), "utf8");
    for (const value of [VECTOR.seed, VECTOR.x, VECTOR.kid, VECTOR.row.hash, VECTOR.signature]) expect(doc).toContain(value);
  });

  it("accepts the signature only over the exact statement and only with a key whose kid is its thumbprint", () => {
    const key = publicKeyOf({ kty: "OKP", crv: "Ed25519", x: VECTOR.x, kid: VECTOR.kid });
    if ("error" in key) throw new Error(key.error);
    expect(checkpointSignatureValid(checkpoint, key.key)).toBe(true);
    for (const changed of [{ seq: "2" }, { at: "2026-12-04T01:05:00.001Z" }, { hash: "0".repeat(64) }, { chain: "platform" }, { signature: `${VECTOR.signature.slice(0, -2)}AA` }]) {
      expect(checkpointSignatureValid({ ...checkpoint, ...changed }, key.key), JSON.stringify(changed)).toBe(false);
    }
    expect(publicKeyOf({ kty: "OKP", crv: "Ed25519", x: VECTOR.x, kid: "someone-elses-key" })).toEqual({ error: "kid is not the key's RFC 7638 thumbprint" });
    expect(publicKeyOf({ kty: "EC", crv: "P-256", x: VECTOR.x, kid: VECTOR.kid })).toEqual({ error: "not an OKP/Ed25519 key" });
  });
});

describe("checkpoints a customer kept (--checkpoints)", () => {
  it("reads an API page, a plain array, an export's checkpoints file and a stream's JSON lines", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sb-held-"));
    const c = (seq: string) => ({ id: seq, chain: "c", seq, hash: "0".repeat(64), at: "2026-12-04T00:00:00.000Z", kid: "k", signature: "s" });
    const files = {
      "page.json": JSON.stringify({ data: [c("1"), c("2")], next_cursor: null, keys: [] }),
      "array.json": JSON.stringify([c("1"), c("2")]),
      "export.json": JSON.stringify({ format: "switchboard.audit-checkpoints.v1", checkpoints: [c("1"), c("2")] }),
      "stream.jsonl": `${JSON.stringify({ source: "checkpoints", chain: "c", seq: 1, checkpoint: c("1") })}\n${JSON.stringify(c("2"))}\n`,
    };
    for (const [name, text] of Object.entries(files)) {
      writeFileSync(path.join(dir, name), text);
      expect(await readHeldCheckpoints(path.join(dir, name)), name).toEqual([c("1"), c("2")]);
    }
  });
});
