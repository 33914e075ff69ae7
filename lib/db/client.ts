import "server-only";
import { config } from "../config";
import { TRANSACTION_DEFAULTS } from "./transaction-defaults";
import { openDatabase, type Database } from "./adapter";
import { PrismaClient } from "./generated/client";

/**
 * One Prisma client per process. Next bundles route handlers, the proxy and instrumentation
 * separately, so the instance lives on globalThis: two PGlite instances on one data
 * directory would corrupt it.
 */
const globalForDb = globalThis as unknown as {
  __switchboardDb?: { database: Database; prisma: PrismaClient };
};


function connect() {
  const database = openDatabase(config());
  const prisma = new PrismaClient({ adapter: database.factory, transactionOptions: TRANSACTION_DEFAULTS });
  return { database, prisma };
}

export function db(): PrismaClient {
  globalForDb.__switchboardDb ??= connect();
  return globalForDb.__switchboardDb.prisma;
}

export function database(): Database {
  globalForDb.__switchboardDb ??= connect();
  return globalForDb.__switchboardDb.database;
}

export function databaseKind() {
  return database().kind;
}

export async function disconnectDb(): Promise<void> {
  const current = globalForDb.__switchboardDb;
  delete globalForDb.__switchboardDb;
  if (current) {
    await current.prisma.$disconnect();
    await current.database.close();
  }
}

/** Tests: make a database of the test's own the process's database. */
export function installTestDatabase(database: Database, prisma: PrismaClient): void {
  globalForDb.__switchboardDb = { database, prisma };
}
