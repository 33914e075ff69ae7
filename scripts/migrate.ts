import { config } from "../lib/config";
import { openDatabase } from "../lib/db/adapter";
import { applyMigrations } from "../lib/db/migrations";
import { exitOnConfigError } from "./lib/exit-on-config-error";

const database = openDatabase(exitOnConfigError(config));
try {
  const applied = await applyMigrations(database.migrationFactory);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
} finally {
  await database.close();
}
