import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { Config } from "../config";

export type DatabaseKind = "postgresql" | "pglite";

export interface Database {
  kind: DatabaseKind;
  factory: SqlMigrationAwareDriverAdapterFactory;
  close(): Promise<void>;
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
  if (cfg.DATABASE_URL) {
    const factory = new PrismaPg({ connectionString: cfg.DATABASE_URL, max: cfg.DATABASE_POOL_SIZE });
    return { kind: "postgresql", factory, close: async () => {} };
  }
  const pglite = options.inMemory
    ? new PGlite()
    : new PGlite(path.join(path.resolve(cfg.DATA_DIR), "pgdata"));
  return {
    kind: "pglite",
    factory: new PrismaPGlite(pglite),
    close: () => pglite.close(),
  };
}
