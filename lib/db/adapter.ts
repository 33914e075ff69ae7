import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import pg from "pg";
import type { Config } from "../config";
import { withWholeScripts } from "./whole-scripts";

export type DatabaseKind = "postgresql" | "pglite";

export interface Database {
  kind: DatabaseKind;
  /** For Prisma Client. */
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** For the schema engine: runs migration scripts whole (see whole-scripts.ts). */
  migrationFactory: SqlMigrationAwareDriverAdapterFactory;
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
  const factory = new PrismaPGlite(pglite);
  return {
    kind: "pglite",
    factory,
    migrationFactory: withWholeScripts(factory, async (script) => void (await pglite.exec(script))),
    close: () => pglite.close(),
  };
}

export function postgresDatabase(connectionString: string, poolSize: number): Database {
  const factory = new PrismaPg({ connectionString, max: poolSize });
  return {
    kind: "postgresql",
    factory,
    migrationFactory: withWholeScripts(factory, pgScriptRunner(connectionString)),
    close: async () => {},
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
  return pgliteDatabase(options.inMemory ? new PGlite() : new PGlite(path.join(path.resolve(cfg.DATA_DIR), "pgdata")));
}
