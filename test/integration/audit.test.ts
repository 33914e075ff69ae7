import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit/record";
import { verifyChain } from "@/lib/audit/verify";
import { db } from "@/lib/db/client";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";

let database: TestDatabase;
let workspaceId: string;
beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
  workspaceId = (await db().workspace.create({ data: { slug: "chain", name: "Chain" } })).id;
});
afterAll(async () => database.close());

const ctx = () => ({
  actor: { type: "system" as const, label: "test" },
  workspaceId,
  ip: "198.51.100.4",
  userAgent: "vitest",
});

describe("audit log", () => {
  it("chains rows and verifies", async () => {
    for (let i = 0; i < 5; i++) {
      await recordAudit(ctx(), "workspace.created", { type: "workspace", id: workspaceId }, { after: { n: i, nested: { b: 2, a: 1 } } });
    }
    expect(await verifyChain(workspaceId)).toEqual({ ok: true, checked: 5 });
  });

  it("the database refuses UPDATE, DELETE and TRUNCATE on audit rows", async () => {
    await expect(db().$executeRawUnsafe(`UPDATE audit_logs SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(db().$executeRawUnsafe(`DELETE FROM audit_logs`)).rejects.toThrow(/append-only/);
    await expect(db().$executeRawUnsafe(`TRUNCATE audit_logs`)).rejects.toThrow(/append-only/);
    expect(await db().auditLog.count({ where: { workspaceId } })).toBe(5);
  });

  it("concurrent appends in one workspace never fork the chain", async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, w) =>
        (async () => {
          for (let i = 0; i < 10; i++) await recordAudit(ctx(), "user.signed_in", { type: "writer", id: String(w) });
        })(),
      ),
    );
    const seqs = (await db().auditLog.findMany({ where: { workspaceId }, select: { seq: true }, orderBy: { seq: "asc" } })).map((r) => Number(r.seq));
    expect(seqs).toEqual(Array.from({ length: 85 }, (_, i) => i + 1));
    expect(await verifyChain(workspaceId)).toEqual({ ok: true, checked: 85 });
  });

  it("verifyChain finds a row altered behind the app's back (superuser, triggers off)", async () => {
    await db().$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`);
      await tx.$executeRawUnsafe(`UPDATE audit_logs SET ip = '10.0.0.1' WHERE workspace_id = '${workspaceId}' AND seq = 3`);
    });
    expect(await verifyChain(workspaceId)).toMatchObject({ ok: false, brokenAtSeq: 3n, reason: "hash_mismatch", checked: 2 });
  });

  it("verifyChain finds a row deleted behind the app's back", async () => {
    const other = (await db().workspace.create({ data: { slug: "chain-2", name: "Chain 2" } })).id;
    for (let i = 0; i < 4; i++) await recordAudit({ ...ctx(), workspaceId: other }, "workspace.created");
    await db().$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`);
      await tx.$executeRawUnsafe(`DELETE FROM audit_logs WHERE workspace_id = '${other}' AND seq = 2`);
    });
    expect(await verifyChain(other)).toMatchObject({ ok: false, brokenAtSeq: 2n, reason: "gap" });
  });
});
