import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { inWorkspace } from "@/lib/db/scoped";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { first } from "../support/items";
import { createUser } from "../support/users";

let database: TestDatabase;
let a: string;
let b: string;
beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
  await createUser("a1@example.com", { workspaceSlug: "ws-a" });
  await createUser("a2@example.com", { workspaceSlug: "ws-a", role: "agent" });
  await createUser("b1@example.com", { workspaceSlug: "ws-b" });
  a = (await db().workspace.findUniqueOrThrow({ where: { slug: "ws-a" } })).id;
  b = (await db().workspace.findUniqueOrThrow({ where: { slug: "ws-b" } })).id;
  await db().group.create({ data: { workspaceId: a, name: "A team", color: "blue" } });
  await db().group.create({ data: { workspaceId: b, name: "B team", color: "red" } });
});
afterAll(async () => database.close());

describe(`row-level security (${process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite"})`, () => {
  it("a query without any workspace filter sees only the scoped workspace's rows", async () => {
    const memberships = await inWorkspace(a, (tx) => tx.membership.findMany({ select: { workspaceId: true } }));
    expect(memberships.length).toBe(2);
    expect(new Set(memberships.map((m) => m.workspaceId))).toEqual(new Set([a]));
    const groups = await inWorkspace(b, (tx) => tx.group.findMany({ select: { name: true } }));
    expect(groups.map((g) => g.name)).toEqual(["B team"]);
  });

  it("raw SQL through the scoped client gets nothing of another workspace", async () => {
    const rows = await inWorkspace(a, (tx) => tx.$queryRawUnsafe<{ workspace_id: string }[]>(`SELECT workspace_id FROM memberships WHERE workspace_id = '${b}'`));
    expect(rows).toEqual([]);
    const all = await inWorkspace(a, (tx) => tx.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM groups`));
    expect(Number(first(all, "count row").n)).toBe(1);
    const workspaces = await inWorkspace(a, (tx) => tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM workspaces`));
    expect(workspaces.map((w) => w.id)).toEqual([a]);
  });

  it("writing a row into another workspace is refused by the database", async () => {
    await expect(inWorkspace(a, (tx) => tx.group.create({ data: { workspaceId: b, name: "smuggled", color: "blue" } }))).rejects.toThrow();
    await expect(inWorkspace(a, (tx) => tx.$executeRawUnsafe(`UPDATE groups SET name = 'renamed' WHERE workspace_id = '${b}'`))).resolves.toBe(0);
    expect((await db().group.findFirstOrThrow({ where: { workspaceId: b } })).name).toBe("B team");
  });

  it("the tenant role cannot read password hashes or see users outside the workspace", async () => {
    await expect(inWorkspace(a, (tx) => tx.$queryRawUnsafe(`SELECT password_hash FROM users`))).rejects.toThrow(/permission denied/);
    const users = await inWorkspace(a, (tx) => tx.$queryRawUnsafe<{ email: string }[]>(`SELECT email FROM users ORDER BY email`));
    expect(users.map((u) => u.email)).toEqual(["a1@example.com", "a2@example.com"]);
  });

  it("without a workspace setting the tenant role sees nothing at all", async () => {
    const rows = await db().$transaction(async (tx) => {
      await tx.$queryRawUnsafe(`SELECT set_config('role', 'switchboard_tenant', true)`);
      return tx.$queryRawUnsafe<unknown[]>(`SELECT * FROM memberships`);
    });
    expect(rows).toEqual([]);
  });
});
