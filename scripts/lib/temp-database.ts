import { randomBytes } from "node:crypto";
import pg from "pg";

/** Creates an empty database on the server at `serverUrl` (e2e runs, benchmarks); returns its URL. */
export async function createTempDatabase(serverUrl: string, prefix: string): Promise<string> {
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database made by createTempDatabase (best effort: it is only test residue). */
export async function dropTempDatabase(serverUrl: string, databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  if (!/^sb_(e2e|bench|test)_[0-9a-f]+$/.test(name)) return;
  const admin = new pg.Client({ connectionString: serverUrl });
  try {
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } catch {
    /* best effort */
  } finally {
    await admin.end().catch(() => {});
  }
}
