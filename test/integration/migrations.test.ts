import { readFile } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations, diffMigrationsToSchema } from "@/lib/db/migrations";
import { SCHEMA_PATH } from "@/lib/db/schema-engine";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { first } from "../support/items";

describe("migrations", () => {
  let db: TestDatabase;
  afterAll(async () => db?.close());

  it("schema.prisma and prisma/migrations agree (no drift)", async () => {
    const pglite = new PGlite();
    try {
      expect(await diffMigrationsToSchema(new PrismaPGlite(pglite))).toBe("");
    } finally {
      await pglite.close();
    }
  });

  it("drift is detected: a model missing from the migrations shows up in the diff", async () => {
    const drifted = `${await readFile(SCHEMA_PATH, "utf8")}\nmodel DriftProbe {\n  id Int @id\n}\n`;
    const pglite = new PGlite();
    try {
      expect(await diffMigrationsToSchema(new PrismaPGlite(pglite), drifted)).toMatch(/CREATE TABLE "DriftProbe"/);
    } finally {
      await pglite.close();
    }
  });

  it("apply on the test database, then again applies nothing", async () => {
    db = await createTestDatabase({ install: false });
    expect(await applyMigrations(db.migrationFactory)).toEqual([]);
    const rows = await db.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*)::bigint AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL`;
    expect(Number(first(rows, "count row").n)).toBeGreaterThan(0);
  });
});
