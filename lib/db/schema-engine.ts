import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";

/**
 * Prisma's WASM schema engine, the engine `prisma migrate` itself uses, driven through our
 * own driver adapter. The native engine cannot be downloaded on offline machines; this one
 * ships inside its npm package and writes the same `_prisma_migrations` table.
 */

const require = createRequire(import.meta.url);
let instantiated: Promise<void> | undefined;

function instantiateWasm(): Promise<void> {
  // Node 20 cannot import .wasm modules without a flag, so instantiate the bytes ourselves
  // and hand them to the wasm-bindgen glue.
  instantiated ??= (async () => {
    const wasmFile = path.join(
      path.dirname(require.resolve("@prisma/schema-engine-wasm")),
      "schema_engine_bg.wasm",
    );
    const { instance } = await WebAssembly.instantiate(await readFile(wasmFile), {
      "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
    });
    (glue as unknown as { __wbg_set_wasm(exports: unknown): void }).__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  })();
  return instantiated;
}

export const SCHEMA_PATH = path.resolve("prisma/schema.prisma");
export const MIGRATIONS_DIR = path.resolve("prisma/migrations");

export async function readSchema(): Promise<string> {
  return readFile(SCHEMA_PATH, "utf8");
}

export async function openSchemaEngine(
  factory: SqlMigrationAwareDriverAdapterFactory,
  log: (message: string) => void = () => {},
): Promise<SchemaEngine> {
  await instantiateWasm();
  const schema = await readSchema();
  const Engine = (glue as unknown as { SchemaEngine: typeof SchemaEngine }).SchemaEngine;
  return Engine.new(
    { datamodels: [[SCHEMA_PATH, schema]] },
    (line: string) => log(line),
    bindMigrationAwareSqlAdapterFactory(factory),
  );
}

export const NO_FILTERS = { externalTables: [], externalEnums: [] };
