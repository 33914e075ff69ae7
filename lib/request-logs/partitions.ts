import { db } from "../db/client";
import { claimPeriodicRun } from "../db/periodic-claim";

/**
 * Monthly partitions of `request_logs` (decision 043): created ahead by the job runner, and
 * dropped whole once every workspace's retention has passed them. A workspace keeping less
 * than the longest retention has its older rows deleted inside the partitions still kept.
 */
const MONTHS_AHEAD = 2;
const DAY_MS = 86_400_000;
/** Rows deleted per statement when a workspace keeps less than the partitions do. */
const DELETE_BATCH = 5_000;

const monthStart = (year: number, month: number) => new Date(Date.UTC(year, month, 1));
const nameOf = (start: Date) => `request_logs_p${start.getUTCFullYear()}${String(start.getUTCMonth() + 1).padStart(2, "0")}`;

export interface Partition {
  name: string;
  from: Date;
  to: Date;
}

/** The monthly partitions that exist, oldest first (the default partition is not one). */
export async function listPartitions(): Promise<Partition[]> {
  const rows = await db().$queryRaw<{ name: string; bound: string }[]>`
    SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
    WHERE p.relname = 'request_logs' AND c.relname ~ '^request_logs_p[0-9]{6}$'`;
  return rows
    .map(({ name, bound }) => {
      const [from, to] = [...bound.matchAll(/'([^']+)'/g)].map((m) => new Date(m[1]!));
      return { name, from: from!, to: to! };
    })
    .sort((a, b) => a.from.getTime() - b.from.getTime());
}

/**
 * This month's partition and the next two, if missing. Rows the default partition caught for
 * a month (written before its partition existed) move into it in the same transaction:
 * PostgreSQL refuses a partition whose range the default partition already holds rows of.
 */
export async function ensurePartitions(now: Date): Promise<string[]> {
  const existing = new Set((await listPartitions()).map((p) => p.name));
  const created: string[] = [];
  for (let ahead = 0; ahead <= MONTHS_AHEAD; ahead++) {
    const from = monthStart(now.getUTCFullYear(), now.getUTCMonth() + ahead);
    const to = monthStart(from.getUTCFullYear(), from.getUTCMonth() + 1);
    const name = nameOf(from);
    if (existing.has(name)) continue;
    // Names and bounds come from the clock alone (digits), never from input.
    await db().$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`LOCK TABLE request_logs_default IN ACCESS EXCLUSIVE MODE`);
      await tx.$executeRawUnsafe(
        `CREATE TEMP TABLE request_logs_moving ON COMMIT DROP AS
         WITH moved AS (DELETE FROM request_logs_default WHERE occurred_at >= $1 AND occurred_at < $2 RETURNING *) SELECT * FROM moved`,
        from,
        to,
      );
      await tx.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS "${name}" PARTITION OF request_logs FOR VALUES FROM ('${from.toISOString()}') TO ('${to.toISOString()}')`);
      await tx.$executeRawUnsafe(`INSERT INTO request_logs SELECT * FROM request_logs_moving`);
    });
    created.push(name);
  }
  return created;
}

/**
 * Drops every partition that ended before the longest retention of any workspace, then, for
 * workspaces that keep less, deletes their older rows. Returns the partitions dropped and
 * the rows deleted.
 */
export async function applyRequestLogRetention(now: Date): Promise<{ dropped: string[]; deleted: number }> {
  const [row] = await db().$queryRaw<{ longest: number }[]>`SELECT coalesce(max(retention_request_logs_days), 365)::int AS longest FROM workspaces`;
  const longest = row?.longest ?? 365;
  const shorter = await db().$queryRaw<{ id: string; days: number }[]>`
    SELECT id, retention_request_logs_days AS days FROM workspaces WHERE retention_request_logs_days < ${longest}`;
  const keepFrom = new Date(now.getTime() - longest * DAY_MS);
  const dropped: string[] = [];
  for (const partition of await listPartitions()) {
    if (partition.to > keepFrom) break;
    await db().$executeRawUnsafe(`DROP TABLE IF EXISTS "${partition.name}"`);
    dropped.push(partition.name);
  }
  let deleted = 0;
  for (const { id, days } of shorter) {
    const cutoff = new Date(now.getTime() - days * DAY_MS);
    for (;;) {
      const n = await db().$executeRaw`
        DELETE FROM request_logs WHERE (workspace_id, occurred_at, id) IN (
          SELECT workspace_id, occurred_at, id FROM request_logs WHERE workspace_id = ${id}::uuid AND occurred_at < ${cutoff} LIMIT ${DELETE_BATCH})`;
      deleted += n;
      if (n < DELETE_BATCH) break;
    }
  }
  return { dropped, deleted };
}

/** The daily maintenance: partitions ahead, then retention; once a day across all workers. */
export async function maintainRequestLogsIfDue({ now }: { now: Date }): Promise<number> {
  if (!(await claimPeriodicRun("request_log_partitions", now, DAY_MS))) return 0;
  const created = await ensurePartitions(now);
  const { dropped, deleted } = await applyRequestLogRetention(now);
  return created.length + dropped.length + deleted;
}
