import { randomBytes } from "node:crypto";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";
import { database as appDatabase, db, installTestDatabase } from "@/lib/db/client";
import { pgliteDatabase, postgresDatabase, type Database } from "@/lib/db/adapter";
import { PrismaClient } from "@/lib/db/generated/client";
import { applyMigrations } from "@/lib/db/migrations";

export interface TestDatabase extends Database {
  url?: string;
  prisma: PrismaClient;
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/**
 * A migrated, empty database of the test file's own: a fresh database on the real
 * PostgreSQL server when TEST_DATABASE_URL is set (CI), an in-memory PGlite otherwise.
 * `install` (default) makes it the app's database (db()) for the code under test.
 */
export async function createTestDatabase(options: { install?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  let database: Database;
  let url: string | undefined;
  let drop = async () => {};
  if (serverUrl) {
    const name = `sb_test_${randomBytes(6).toString("hex")}`;
    await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    database = postgresDatabase(url, 10);
    drop = () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } else {
    database = pgliteDatabase(new PGlite());
  }
  const prisma = new PrismaClient({ adapter: database.factory });
  await applyMigrations(database.migrationFactory);
  if (options.install !== false) installTestDatabase(database, prisma);
  return {
    ...database,
    url,
    prisma,
    close: async () => {
      await prisma.$disconnect();
      await database.close();
      await drop();
    },
  };
}

/**
 * The statements `fn` sends through db(): for its duration the app's client is one on the same
 * database (same pool or PGlite instance) that logs every query. For "no database work"
 * guarantees — a cached path must send nothing.
 */
export async function queriesDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const current = appDatabase();
  const original = db();
  const logged: string[] = [];
  const counting = new PrismaClient({ adapter: current.factory, log: [{ emit: "event", level: "query" }] });
  counting.$on("query", (event) => logged.push(event.query));
  installTestDatabase(current, counting);
  try {
    await fn();
  } finally {
    // Not disconnected: the pool or PGlite instance is the test database's, closed with it.
    installTestDatabase(current, original);
  }
  return logged;
}
