import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import type { Config } from "../config";
import { log } from "../log/logger";
import { noteDatabaseUnavailable } from "../core/database-outage";
import { isDatabaseUnavailable } from "../core/unavailable";
import { withDeferredBegin } from "./deferred-begin";
import { TRANSACTION_DEFAULTS } from "./transaction-defaults";
import { withWholeScripts } from "./whole-scripts";

export type DatabaseKind = "postgresql" | "pglite";

export interface Database {
  kind: DatabaseKind;
  /** For Prisma Client. */
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** For the schema engine: runs migration scripts whole (see whole-scripts.ts). */
  migrationFactory: SqlMigrationAwareDriverAdapterFactory;
  /**
   * PostgreSQL only: the pool Prisma's adapter draws from, for the few readers that need the
   * driver itself (the streamed call export, lib/export/pg-cursor.ts). One pool, so
   * DATABASE_POOL_SIZE bounds both.
   */
  pool?: pg.Pool;
  close(): Promise<void>;
}

/** Runs a multi-statement script on its own connection, as one implicit transaction. */
export function pgScriptRunner(connectionString: string) {
  return async (script: string) => {
    const client = new pg.Client({ connectionString });
    await client.connect();
    try {
      await client.query(script);
    } finally {
      await client.end();
    }
  };
}

export function pgliteDatabase(pglite: PGlite): Database {
  return lazyPgliteDatabase(() => Promise.resolve(pglite));
}

/**
 * PGlite's modules are loaded on first use, never by a PostgreSQL deployment: under tsx
 * (which turns on Node's source maps, and PGlite ships large ones) importing them costs the
 * process ~40 MB of RSS. Prisma only needs the factory's provider up front; it connects later.
 */
function lazyPgliteDatabase(open: () => Promise<PGlite>): Database {
  let opened: Promise<PGlite> | undefined;
  const pglite = () => (opened ??= open());
  let loaded: Promise<SqlMigrationAwareDriverAdapterFactory> | undefined;
  const adapter = () => (loaded ??= Promise.all([import("pglite-prisma-adapter"), pglite()]).then(([m, db]) => new m.PrismaPGlite(db)));
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: "postgres",
    adapterName: "pglite-prisma-adapter",
    connect: async () => (await adapter()).connect(),
    connectToShadowDb: async () => (await adapter()).connectToShadowDb(),
  };
  return {
    kind: "pglite",
    factory,
    migrationFactory: withWholeScripts(factory, async (script) => void (await (await pglite()).exec(script))),
    close: async () => {
      if (opened) await (await opened).close();
    },
  };
}

const noteOutage = (error: unknown) => {
  if (isDatabaseUnavailable(error)) noteDatabaseUnavailable();
};

/**
 * Notes (lib/core/database-outage.ts) every connection the pool could not make and every
 * pool query lost to the server going away; the errors themselves go on unchanged. Only the
 * promise forms are watched: Prisma's adapter and the export cursor use nothing else.
 */
function observeOutages(pool: pg.Pool): void {
  const connect = pool.connect.bind(pool);
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  const watch = <T>(result: T): T => {
    if (result instanceof Promise) result.catch(noteOutage);
    return result;
  };
  pool.connect = ((...args: unknown[]) => (args.length ? (connect as (...a: unknown[]) => unknown)(...args) : watch(connect()))) as typeof pool.connect;
  pool.query = ((...args: unknown[]) => watch(query(...args))) as typeof pool.query;
}

export function postgresDatabase(connectionString: string, poolSize: number): Database {
  // No wait for a pooled connection is unbounded: pg's default waits for ever, so a starved
  // pool (every connection held by a transaction that waits on another) hung requests until
  // their clients gave up. Bounded like a transaction's wait for one (lib/db/client.ts).
  const pool = new pg.Pool({ connectionString, max: poolSize, connectionTimeoutMillis: TRANSACTION_DEFAULTS.maxWait });
  // An idle client whose connection drops is discarded by the pool; without a listener the
  // 'error' event would crash the process (Prisma's adapter listens only while connected).
  pool.on("error", (err) => {
    noteOutage(err);
    log().warn({ err }, "an idle PostgreSQL connection failed; the pool replaces it");
  });
  // pg-pool hands a new connection out from inside its socket's data handler, having just
  // taken its own idle listener off: if PostgreSQL's next message in that same chunk is an
  // error (a restart's "terminating connection"), it is emitted before the borrower (Prisma's
  // adapter, pgCursor) can listen — an uncaughtException per restart in the cluster harness.
  // Every connection keeps this listener for its whole life; borrowers still get the error.
  pool.on("connect", (client) => client.on("error", noteOutage));
  observeOutages(pool);
  // Prisma does not end a pool it was given: close() does, once. Its transactions send their
  // BEGIN with their first statement (deferred-begin.ts).
  const factory = new PrismaPg(withDeferredBegin(pool), { onConnectionError: noteOutage });
  let ended: Promise<void> | undefined;
  return {
    kind: "postgresql",
    factory,
    pool,
    migrationFactory: withWholeScripts(factory, pgScriptRunner(connectionString)),
    close: () => (ended ??= pool.end()),
  };
}

/**
 * The driver adapter for the configured database: node-postgres when DATABASE_URL is set,
 * otherwise an embedded PGlite persisted under DATA_DIR (or in memory for tests).
 * PGlite is one connection in one process: only one process may open a data directory.
 */
export function openDatabase(
  cfg: Pick<Config, "DATABASE_URL" | "DATA_DIR" | "DATABASE_POOL_SIZE">,
  options: { inMemory?: boolean } = {},
): Database {
  if (cfg.DATABASE_URL) return postgresDatabase(cfg.DATABASE_URL, cfg.DATABASE_POOL_SIZE);
  const dataDir = options.inMemory ? undefined : path.join(path.resolve(cfg.DATA_DIR), "pgdata");
  return lazyPgliteDatabase(async () => new (await import("@electric-sql/pglite")).PGlite(dataDir));
}
