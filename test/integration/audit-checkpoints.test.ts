import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as checkpointsRoute from "@/app/api/v1/audit-logs/checkpoints/route";
import * as jwksRoute from "@/app/.well-known/switchboard/audit-keys.json/route";
import { recordAudit } from "@/lib/audit/record";
import { keyProvider } from "@/lib/crypto/workspace-keys";
import { db } from "@/lib/db/client";
import { inWorkspace } from "@/lib/db/scoped";
import { signChainHeadsIfDue } from "@/lib/evidence/checkpoint-schedule";
import { chainCheckpoints, signChainHeads } from "@/lib/evidence/checkpoints";
import { publishedKeySet, rotateSigningKey } from "@/lib/evidence/signing-keys";
import type { SignedCheckpoint } from "@/lib/evidence/verifier/format";
import { readKeySet } from "@/lib/evidence/verifier/keys";
import { checkpointSignatureValid } from "@/lib/evidence/verifier/signature";
import { auditCheckpointsJob, JOBS } from "@/lib/jobs/registry";
import { insertKey } from "../support/api";
import { captureAppLogs } from "../support/calls";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { createUser } from "../support/users";

let database: TestDatabase;
let a: string;
let b: string;
const system = { type: "system" as const, label: "vitest" };
const audit = (workspaceId: string | null, n = 1) =>
  Promise.all(Array.from({ length: n }, (_, i) => recordAudit({ actor: system, workspaceId }, "workspace.renamed", { type: "workspace", id: workspaceId }, { after: { i } })));

async function workspace(slug: string): Promise<string> {
  await createUser(`owner@${slug}.test`, { workspaceSlug: slug, role: "owner" });
  return (await db().workspace.findUniqueOrThrow({ where: { slug } })).id;
}

/** Every checkpoint verifies against the published keys. */
async function allVerify(list: SignedCheckpoint[]): Promise<boolean> {
  const { keys } = readKeySet(await publishedKeySet());
  return list.every((c) => checkpointSignatureValid(c, keys.get(c.kid)!));
}

beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
  a = await workspace("ckpt-a");
  b = await workspace("ckpt-b");
  await audit(a, 3);
  await audit(b, 2);
  await audit(null);
});
afterAll(async () => database.close());

describe("signing chain heads", () => {
  it("signs each chain's head that moved, skips heads that did not, and every signature verifies with the published keys", async () => {
    const now = new Date();
    expect(await signChainHeads({ now })).toBe(3);
    expect(await signChainHeads({ now })).toBe(0);
    await audit(a);
    expect(await signChainHeads({ now })).toBe(1);
    const list = await chainCheckpoints(a);
    expect(list.map((c) => c.seq)).toEqual(["3", "4"]);
    const head = await db().auditChainHead.findUniqueOrThrow({ where: { chainKey: a } });
    expect(list.at(-1)).toMatchObject({ chain: a, seq: "4", hash: head.hash, at: now.toISOString() });
    expect(await allVerify([...list, ...(await chainCheckpoints(b)), ...(await chainCheckpoints("platform"))])).toBe(true);
    const platform = await db().auditSignedCheckpoint.findFirstOrThrow({ where: { chainKey: "platform" } });
    expect(platform.workspaceId).toBeNull();
  });

  it("runs as a job in the registry, claimed once per 5 minutes across workers", async () => {
    expect(JOBS).toContain(auditCheckpointsJob);
    await audit(b);
    const now = new Date();
    const runs = await Promise.all([signChainHeadsIfDue({ now }), signChainHeadsIfDue({ now })]);
    expect(runs.sort()).toEqual([0, 1]);
    await audit(b);
    expect(await signChainHeadsIfDue({ now: new Date(now.getTime() + 60_000) })).toBe(0);
    expect(await auditCheckpointsJob.run({ now: () => new Date(now.getTime() + 5 * 60_000) })).toBe(1);
  });

  it("keeps the private key wrapped by the key provider, never in the clear", async () => {
    const [key] = await db().auditSigningKey.findMany();
    expect(key!.provider).toBe("local");
    const der = await keyProvider().unwrap(key!.privateKeyWrapped, { purpose: "audit-checkpoint-signing", kid: key!.kid });
    expect(der.length).toBe(48); // PKCS#8 Ed25519
    expect(key!.privateKeyWrapped).not.toContain(der.toString("base64"));
    await expect(keyProvider().unwrap(key!.privateKeyWrapped, { purpose: "audit-checkpoint-signing", kid: "another" })).rejects.toThrow();
  });

  it("rotation: the new key signs, the old stays published and its checkpoints still verify; keys cannot be altered or removed", async () => {
    const before = (await publishedKeySet()).keys.map((k) => k.kid);
    const { kid, retired } = await rotateSigningKey("vitest");
    expect(retired).toEqual(before);
    await audit(a);
    await signChainHeads({ now: new Date() });
    const list = await chainCheckpoints(a);
    expect(list.at(-1)!.kid).toBe(kid);
    expect(new Set(list.map((c) => c.kid))).toEqual(new Set([...before, kid]));
    expect((await publishedKeySet()).keys.map((k) => k.kid)).toEqual([...before, kid]);
    expect(await allVerify(list)).toBe(true);
    expect(await db().auditLog.count({ where: { chainKey: "platform", action: "audit.signing_key_rotated", targetId: kid } })).toBe(1);
    for (const sql of [
      `DELETE FROM audit_signing_keys WHERE kid = '${before[0]}'`,
      `UPDATE audit_signing_keys SET public_key = 'x' WHERE kid = '${before[0]}'`,
      `UPDATE audit_signing_keys SET retired_at = NULL WHERE kid = '${before[0]}'`,
      "TRUNCATE audit_signing_keys CASCADE",
    ]) {
      await expect(db().$executeRawUnsafe(sql), sql).rejects.toThrow(/audit_signing_keys/);
    }
  });
});

describe("signing only what verifies", () => {
  it("refuses to sign a chain altered behind the application's back since its last checkpoint, and logs it", async () => {
    const victim = await workspace("ckpt-victim");
    await audit(victim, 3);
    expect(await signChainHeads({ now: new Date(), chainKeys: [victim] })).toBe(1);
    await audit(victim, 2);
    // A superuser rewrites an already-signed row and recomputes nothing: the new rows no longer link.
    await db().$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL session_replication_role = replica");
      await tx.$executeRawUnsafe(`UPDATE audit_logs SET target_label = 'rewritten' WHERE chain_key = '${victim}' AND seq = 4`);
    });
    const logs = captureAppLogs();
    try {
      expect(await signChainHeads({ now: new Date(), chainKeys: [victim] })).toBe(0);
    } finally {
      logs.restore();
    }
    expect(logs.text()).toMatch(/does not verify from its last checkpoint/);
    expect(logs.text()).toContain(`"brokenAtSeq":"4"`);
    expect((await chainCheckpoints(victim)).map((c) => c.seq)).toEqual(["3"]);
  });
});

describe("checkpoints as stored", () => {
  it("are append-only: UPDATE, DELETE and TRUNCATE are refused", async () => {
    for (const sql of [
      `UPDATE audit_signed_checkpoints SET hash = '${"e".repeat(64)}' WHERE chain_key = '${a}'`,
      `DELETE FROM audit_signed_checkpoints WHERE chain_key = '${a}'`,
      "DELETE FROM audit_signed_checkpoints WHERE chain_key = 'platform'",
      "TRUNCATE audit_signed_checkpoints",
    ]) {
      await expect(db().$executeRawUnsafe(sql), sql).rejects.toThrow(/append-only/);
    }
  });

  it("are seen by the tenant role only for its own workspace, with the public keys but never a private one", async () => {
    const seen = await inWorkspace(a, (tx) => tx.$queryRaw<{ chain_key: string }[]>`SELECT chain_key FROM audit_signed_checkpoints`);
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen.map((r) => r.chain_key))).toEqual(new Set([a]));
    const keys = await inWorkspace(a, (tx) => tx.$queryRaw<{ kid: string }[]>`SELECT kid, public_key FROM audit_signing_keys`);
    expect(keys.length).toBe(2);
    await expect(inWorkspace(a, (tx) => tx.$queryRaw`SELECT private_key_wrapped FROM audit_signing_keys`)).rejects.toThrow(/permission denied/);
  });

  it("go with their workspace when it is erased (the foreign key's cascade)", async () => {
    const gone = await workspace("ckpt-gone");
    await audit(gone);
    await signChainHeads({ now: new Date(), chainKeys: [gone] });
    expect(await db().auditSignedCheckpoint.count({ where: { chainKey: gone } })).toBe(1);
    await db().$executeRaw`DELETE FROM memberships WHERE workspace_id = ${gone}::uuid`;
    await db().$executeRaw`DELETE FROM workspaces WHERE id = ${gone}::uuid`;
    expect(await db().auditSignedCheckpoint.count({ where: { chainKey: gone } })).toBe(0);
    // Its head is left behind (the erasure path removes it): no checkpoint is signed for a workspace that is gone.
    expect(await signChainHeads({ now: new Date(), chainKeys: [gone] })).toBe(0);
  });
});

async function get(handler: (r: NextRequest, c: { params: Promise<Record<string, string>> }) => Promise<Response>, url: string, key?: string) {
  const response = await handler(new NextRequest(url, { headers: key ? { "x-api-key": key } : {} }), { params: Promise.resolve({}) });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, unknown> & { data: SignedCheckpoint[]; next_cursor: string | null } };
}

describe("GET /api/v1/audit-logs/checkpoints and the published key set", () => {
  it("lists the workspace's checkpoints newest first with every key, a page at a time (scope audit:read)", async () => {
    const { key } = await insertKey(a, { scopes: ["audit:read"] });
    const all = (await chainCheckpoints(a)).reverse();
    const url = "http://localhost/api/v1/audit-logs/checkpoints";
    const first = await get(checkpointsRoute.GET, `${url}?limit=2`, key);
    expect(first.status).toBe(200);
    expect(first.json.data).toEqual(all.slice(0, 2));
    expect(first.json.keys).toEqual((await publishedKeySet()).keys);
    const rest = await get(checkpointsRoute.GET, `${url}?limit=100&cursor=${first.json.next_cursor}`, key);
    expect([...first.json.data, ...rest.json.data]).toEqual(all);
    expect(rest.json.next_cursor).toBeNull();
    expect(all.every((c) => c.chain === a)).toBe(true);
  });

  it("refuses a key without audit:read", async () => {
    const { key } = await insertKey(a, { scopes: ["calls:read"] });
    const res = await get(checkpointsRoute.GET, "http://localhost/api/v1/audit-logs/checkpoints", key);
    expect(res.status).toBe(403);
    expect(res.json.error).toMatchObject({ code: "INSUFFICIENT_SCOPE" });
  });

  it("publishes every key, retired ones too, as a JWKS at /.well-known/switchboard/audit-keys.json", async () => {
    const res = await get(jwksRoute.GET, "http://localhost/.well-known/switchboard/audit-keys.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/jwk-set+json");
    expect(res.json).toEqual(await publishedKeySet());
    expect(readKeySet(res.json)).toMatchObject({ rejected: [] });
    expect((res.json.keys as unknown[]).length).toBe(2);
    expect(JSON.stringify(res.json)).not.toMatch(/"d"|private/);
  });
});
