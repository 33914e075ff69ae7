import { isUuid } from "../core/ids";
import "server-only";
import pg from "pg";
import type { Prisma } from "../db/generated/client";

/** As inWorkspace's long readers: give up rather than queue behind a busy pool for ever. */
const MAX_WAIT_MS = 10_000;
const TIMESTAMPTZ = 1184;
const PG_UTC_TIMESTAMP = /^[1-9]\d{3}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,3})?\+00$/;
const parseTimestamp = pg.types.getTypeParser(TIMESTAMPTZ, "text");

/**
 * A timestamptz as `Date#toISOString` writes it, without making the Date: PostgreSQL's UTC
 * text with the space turned into "T" and the milliseconds padded (exact for up to three
 * fraction digits, checked against node-postgres's parser in tests/unit). Anything else
 * (years before 1000 or after 9999, finer precision) goes the long way, through a Date.
 * Dates were a quarter of the export's CPU time.
 */
export function isoTimestamp(text: string): string {
  if (!PG_UTC_TIMESTAMP.test(text)) return (parseTimestamp(text) as Date).toISOString();
  const fraction = text.length > 22 ? text.slice(20, -3) : "";
  return `${text.slice(0, 10)}T${text.slice(11, 19)}.${fraction.padEnd(3, "0")}Z`;
}

const TYPES = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => (oid === TIMESTAMPTZ ? isoTimestamp : pg.types.getTypeParser(oid, format))) as pg.CustomTypesConfig["getTypeParser"],
};

export interface PgCursorOptions {
  workspaceId: string;
  /** A plain SQL identifier. */
  cursorName: string;
  select: Prisma.Sql;
  batch: number;
}

/**
 * Fetches the next batch, handing each row to `onRow` as it is decoded (node-postgres's
 * parsers, except timestamptz: see `isoTimestamp`); resolves to the row count.
 */
export type FetchRows<Row> = (onRow: (row: Row) => void) => Promise<number>;

/**
 * A server-side cursor read through node-postgres itself, row by row, so that nothing holds a
 * batch of rows. Measured on a million-row export: with batches held (Prisma's decoded result,
 * the driver's `rows`, a records array for csv-stringify) every batch was promoted to V8's old
 * generation although heap snapshots showed only the current one reachable, and the garbage
 * grew to ~4× the live heap (+140 MB) before a full collection. A row gone before the next
 * one arrives dies young.
 *
 * The transaction is scoped exactly as `inWorkspace` (lib/db/scoped.ts) scopes Prisma's: the
 * `switchboard_tenant` role and `app.workspace_id`, both transaction-local, set before the
 * cursor is declared, so row-level security filters every row the cursor returns and neither
 * setting outlives the transaction. TimeZone UTC and DateStyle ISO, also transaction-local,
 * fix the text `isoTimestamp` reads. `read` gets the fetcher; the transaction commits when it
 * returns. On any failure the connection is destroyed, not returned to the pool.
 */
export async function pgCursor<Row>(pool: pg.Pool, o: PgCursorOptions, read: (fetch: FetchRows<Row>) => Promise<void>): Promise<void> {
  if (!isUuid(o.workspaceId)) throw new Error("pgCursor: not a workspace id");
  if (!/^[a-z_][a-z0-9_]*$/.test(o.cursorName)) throw new Error("pgCursor: bad cursor name");
  const client = await connect(pool);
  // Checked out, a connection's 'error' event has no listener in the pool, and unheard it
  // would crash the process. The failure itself reaches us through the query in flight.
  let failed = false;
  const onError = () => void (failed = true);
  client.on("error", onError);
  try {
    await client.query("BEGIN");
    await client.query(
      `SELECT set_config('app.workspace_id', $1, true), set_config('role', 'switchboard_tenant', true),
        set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO', true)`,
      [o.workspaceId],
    );
    await client.query(`DECLARE ${o.cursorName} NO SCROLL CURSOR FOR ${o.select.text}`, o.select.values);
    const text = `FETCH FORWARD ${o.batch} FROM ${o.cursorName}`;
    await read((onRow) => fetchRows(client, text, onRow));
    await client.query("COMMIT");
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    client.removeListener("error", onError);
    client.release(failed);
  }
}

function fetchRows<Row>(client: pg.PoolClient, text: string, onRow: (row: Row) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    // With a 'row' listener and no callback, node-postgres does not keep the rows.
    const query = new pg.Query<Row & pg.QueryResultRow>({ text, types: TYPES });
    let rows = 0;
    let failure: unknown = null;
    query.on("row", (row: Row) => {
      if (failure) return;
      // A throw here would escape into the driver's socket handler: keep it for the end.
      try {
        onRow(row);
        rows++;
      } catch (error) {
        failure = error;
      }
    });
    query.once("error", reject);
    query.once("end", () => (failure ? reject(failure) : resolve(rows)));
    client.query(query);
  });
}

async function connect(pool: pg.Pool): Promise<pg.PoolClient> {
  let timer: NodeJS.Timeout | undefined;
  let gaveUp = false;
  const connecting = pool.connect();
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      gaveUp = true;
      reject(new Error(`pgCursor: no database connection within ${MAX_WAIT_MS / 1000} s`));
    }, MAX_WAIT_MS);
  });
  try {
    return await Promise.race([connecting, timeout]);
  } finally {
    clearTimeout(timer);
    // A connection that turns up after we gave up goes straight back.
    if (gaveUp) connecting.then((client) => client.release(), () => {});
  }
}
