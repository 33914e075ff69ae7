import { randomBytes } from "node:crypto";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { installTestDatabase } from "@/lib/db/client";
import { PrismaClient } from "@/lib/db/generated/client";
import { applyMigrations } from "@/lib/db/migrations";

export interface TestDatabase {
  kind: "postgresql" | "pglite";
  url?: string;
  factory: SqlMigrationAwareDriverAdapterFactory;
  prisma: PrismaClient;
  close(): Promise<void>;
}

/**
 * A migrated, empty database of the test file's own: a fresh database on the real
 * PostgreSQL server when TEST_DATABASE_URL is set (CI), an in-memory PGlite otherwise.
 * `install` makes it the app's database (db()) for the code under test.
 */
export async function createTestDatabase(options: { install?: boolean } = { install: true }): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  let db: TestDatabase;
  if (serverUrl) {
    const name = `sb_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const factory = new PrismaPg({ connectionString: url.toString(), max: 5 });
    const prisma = new PrismaClient({ adapter: factory });
    db = {
      kind: "postgresql",
      url: url.toString(),
      factory,
      prisma,
      close: async () => {
        await prisma.$disconnect();
        const dropper = new pg.Client({ connectionString: serverUrl });
        await dropper.connect();
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await dropper.end();
      },
    };
  } else {
    const pglite = new PGlite();
    const factory = new PrismaPGlite(pglite);
    const prisma = new PrismaClient({ adapter: factory });
    db = {
      kind: "pglite",
      factory,
      prisma,
      close: async () => {
        await prisma.$disconnect();
        await pglite.close();
      },
    };
  }
  await applyMigrations(db.factory);
  if (options.install !== false) {
    installTestDatabase({ kind: db.kind, factory: db.factory, close: async () => {} }, db.prisma);
  }
  return db;
}
