import { disconnectDb } from "../lib/db/client";
import { measureExport } from "./lib/export-rss";

/**
 * The CSV export in a process of its own (started by bench/calls.ts with DATABASE_URL and
 * the secrets of the seeded database), so its peak RSS is the export's and not the seeder's.
 * Prints one JSON line.
 */
process.env.LOG_LEVEL = "silent";
const key = process.argv[2];
if (!key) throw new Error("usage: bench/calls-export.ts <api key>");
try {
  console.log(JSON.stringify(await measureExport(key)));
} finally {
  await disconnectDb();
}
