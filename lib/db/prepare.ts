import { log } from "../log/logger";
import { database } from "./client";
import { applyMigrations } from "./migrations";

/**
 * Start-up: apply pending migrations through the process's own database connection. What
 * goes into the database afterwards (the demo workspace) is the caller's business
 * (lib/seed): the data layer knows no demo.
 */
export async function prepareDatabase(): Promise<void> {
  const applied = await applyMigrations(database().migrationFactory);
  if (applied.length > 0) log().info({ migrations: applied }, "applied migrations");
}
