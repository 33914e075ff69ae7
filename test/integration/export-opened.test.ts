import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toAppError } from "@/lib/core/errors";
import { database as appDatabase, db, installTestDatabase } from "@/lib/db/client";
import { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { errorResponse } from "@/lib/entry/respond";
import { cursorCsv, opened, type CursorCsvOptions } from "@/lib/export/cursor-csv";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { unreachableDatabase } from "../support/unreachable-database";
import { useTestEnv } from "../support/env";
import { createUser } from "../support/users";

/**
 * A CSV download whose cursor cannot open fails the request, not the stream (issue 22's
 * cluster run: an export begun while PostgreSQL restarted answered 200 and was cut before its
 * first byte, a reset the client saw as a 502). `opened()` waits for the header row, which
 * cursorCsv writes only once the cursor is declared; until then the cursor's own error
 * reaches the entry layer. Both read paths: Prisma's (no `line`) and node-postgres's (`line`,
 * on PostgreSQL).
 */
let database: TestDatabase;
let workspaceId: string;
beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
  await createUser("export-opened@example.test", { workspaceSlug: "export-opened" });
  workspaceId = (await db().workspace.findUniqueOrThrow({ where: { slug: "export-opened" } })).id;
});
afterAll(async () => database.close());

const paths = [
  { name: "through Prisma", line: undefined },
  { name: "through node-postgres where there is a pool", line: (r: { slug: string }) => `${r.slug}\n` },
] as const;

const exportOf = (select: Prisma.Sql, line?: (r: { slug: string }) => string): CursorCsvOptions<{ slug: string }> => ({
  workspaceId,
  cursorName: "opened_test",
  label: "opened test",
  header: ["slug"],
  select,
  records: (rows) => rows.map((r) => [r.slug]),
  line,
});

describe("opened(): a download's stream once its cursor is open", () => {
  for (const path of paths) {
    it(`passes the same bytes as the stream itself, ${path.name}`, async () => {
      const select = Prisma.sql`SELECT slug FROM workspaces WHERE id = ${workspaceId}::uuid`;
      const direct = await new Response(cursorCsv(exportOf(select, path.line))).text();
      const viaOpened = await new Response(await opened(cursorCsv(exportOf(select, path.line)))).text();
      expect(direct).toBe("slug\nexport-opened\n");
      expect(viaOpened).toBe(direct);
    });

    it(`rejects with the cursor's own error when it cannot be declared, ${path.name}`, async () => {
      const stream = cursorCsv(exportOf(Prisma.sql`SELECT slug FROM no_such_table`, path.line));
      const error = await opened(stream).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      // Not the mid-stream "export failed": the database's error, for the entry layer to answer.
      expect((error as Error).message).not.toBe("export failed");
      expect(String((error as Error).message)).toMatch(/no_such_table/);
      expect(toAppError(error).status).toBe(500);
    });
  }

  it("an export begun while the database is unreachable is a 503 envelope, not a cut 200", async () => {
    const down = await unreachableDatabase();
    const prisma = new PrismaClient({ adapter: down.factory });
    const real = { database: appDatabase(), prisma: db() };
    installTestDatabase(down, prisma);
    try {
      for (const path of paths) {
        const error = await opened(cursorCsv(exportOf(Prisma.sql`SELECT slug FROM workspaces`, path.line))).then(
          () => null,
          (e: unknown) => e,
        );
        expect(toAppError(error)).toMatchObject({ code: "SERVICE_UNAVAILABLE", status: 503 });
        const response = errorResponse(error, "req_test");
        expect([response.status, response.headers.get("retry-after")]).toEqual([503, "5"]);
        expect(await response.text()).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
      }
    } finally {
      installTestDatabase(real.database, real.prisma);
      await prisma.$disconnect().catch(() => {});
      await down.close();
    }
  });

  it("cancelling the opened stream cancels the export (its connection goes back)", async () => {
    const select = Prisma.sql`SELECT slug FROM workspaces, generate_series(1, 5000)`;
    const reader = (await opened(cursorCsv({ ...exportOf(select, paths[1].line), batch: 100 }))).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("slug\n");
    await reader.cancel();
    const pool = appDatabase().pool;
    if (pool) await expect.poll(() => pool.totalCount - pool.idleCount, { timeout: 5_000 }).toBe(0);
  });
});
