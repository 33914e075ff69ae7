import { config } from "../config";
import { log } from "../log/logger";
import { seedDemo } from "../seed/demo";
import { database } from "./client";
import { applyMigrations } from "./migrations";

/**
 * Start-up: apply pending migrations through the process's own database connection, then
 * seed the demo workspace where SPEC §13 asks for it (embedded database, or SEED_DEMO).
 */
export async function prepareDatabase(): Promise<void> {
  const applied = await applyMigrations(database().migrationFactory);
  if (applied.length > 0) log().info({ migrations: applied }, "applied migrations");
  const cfg = config();
  if (cfg.embeddedDatabase || cfg.SEED_DEMO) await seedDemo();
}
