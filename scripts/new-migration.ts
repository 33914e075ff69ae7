import { openDatabase } from "../lib/db/adapter";
import { createMigrationFromDiff } from "../lib/db/migrations";

// Diffs on an in-memory PGlite (its shadow database replays the migrations), so writing a
// migration never touches a real database.
const name = process.argv.slice(2).join("_");
if (!name) {
  console.error("usage: npm run db:migration -- <name>");
  process.exit(2);
}
const database = openDatabase({ DATA_DIR: ".data", DATABASE_POOL_SIZE: 1 }, { inMemory: true });
try {
  const folder = await createMigrationFromDiff(database.migrationFactory, name);
  console.log(folder ? `Wrote ${folder}/migration.sql` : "Schema and migrations agree; nothing to write.");
} finally {
  await database.close();
}
