import { stringify, type Options } from "csv-stringify/sync";
import { database } from "../db/client";
import { Prisma } from "../db/generated/client";
import { inWorkspace, type TenantTx } from "../db/scoped";
import { log } from "../log/logger";
import { pgCursor, type FetchRows } from "./pg-cursor";

const DEFAULT_BATCH = 1_000;
/** A million rows take well under a minute; the transaction may not outlive this. */
const DEFAULT_TIMEOUT_MS = 15 * 60_000;

export interface CursorCsvOptions<Row> {
  workspaceId: string;
  /** The cursor's name: a plain SQL identifier, unique within the transaction. */
  cursorName: string;
  /** The cursor's SELECT (filters and ORDER BY included), already parameterised. */
  select: Prisma.Sql;
  header: readonly string[];
  /** One batch of fetched rows as CSV records. */
  records: (rows: Row[]) => unknown[][] | Promise<unknown[][]>;
  /** Passed to csv-stringify for every batch (e.g. `cast`). */
  stringifyOptions?: Options;
  /**
   * One row as its CSV line (see csv-line.ts); given, PostgreSQL exports read through
   * node-postgres row by row instead (pg-cursor.ts: same scope, a fraction of the memory),
   * and PGlite keeps `records`. Both must write the same bytes. Rows come as node-postgres
   * decodes them, which matches Prisma for text, uuid, int4 and boolean, while timestamptz
   * arrives as its `toISOString()` text, not a Date; check other types before selecting them.
   */
  line?: (row: Row) => string | Promise<string>;
  batch?: number;
  timeoutMs?: number;
  /** For the error log: which export failed. */
  label: string;
}

/**
 * A CSV file streamed from a server-side cursor inside the workspace's RLS scope
 * (`inWorkspace`, or pg-cursor.ts's equivalent when `line` is given on PostgreSQL). The
 * stream is pulled: a batch is fetched only when the reader has room for it, so a slow
 * download never buffers the table and memory stays constant whatever the row count. Each
 * batch becomes one CSV chunk at once, so rows never outlive their batch. A reader that goes
 * away ends the transaction, one that stalls past the timeout fails it; a database failure
 * mid-stream errors the download (never a silently short file).
 */
export function cursorCsv<Row>(o: CursorCsvOptions<Row>): ReadableStream<Uint8Array> {
  if (!/^[a-z_][a-z0-9_]*$/.test(o.cursorName)) throw new Error("cursorCsv: bad cursor name");
  // csvLine has no formula guard: an export of user-typed text must not lose FORMULA_SAFE.
  if (o.line && o.stringifyOptions) throw new Error("cursorCsv: `line` cannot apply stringifyOptions");
  const batch = o.batch ?? DEFAULT_BATCH;
  const encoder = new TextEncoder();
  let wanted: (() => void) | null = null;
  let cancelled = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>(
    {
      start: (c) => void (controller = c),
      pull: () => {
        wanted?.();
        wanted = null;
      },
      cancel: () => {
        cancelled = true;
        wanted?.();
      },
    },
    { highWaterMark: 2 },
  );
  // Resolves when the reader wants more (or has gone away).
  const demand = () => (cancelled || (controller.desiredSize ?? 0) > 0 ? Promise.resolve() : new Promise<void>((resolve) => (wanted = resolve)));

  const pool = o.line ? database().pool : undefined;
  let expired = false;
  const deadline = setTimeout(() => {
    expired = true;
    wanted?.();
  }, o.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  // Waits until the reader wants more; false when it has gone away. A reader that stalls
  // past the deadline fails the export rather than hold its connection.
  const next = async () => {
    await demand();
    if (expired && !cancelled) throw new Error(`${o.label}: timed out`);
    return !cancelled;
  };
  // Nothing is enqueued once the reader has gone (the controller is closed then).
  const emit = (text: string) => {
    if (!cancelled) controller.enqueue(encoder.encode(text));
  };
  // The header goes once the cursor is declared: until then a failure is the request's (see opened()).
  let cursorOpen = false;
  const header = () => {
    cursorOpen = true;
    emit(stringify([[...o.header]]));
  };

  const done = pool
    ? pgCursor<Row>(pool, { workspaceId: o.workspaceId, cursorName: o.cursorName, select: o.select, batch }, async (fetch) => {
        header();
        while (await next()) {
          const { csv, rows } = await fetchLines(fetch, o.line!);
          if (rows > 0) emit(csv);
          if (rows < batch) break;
        }
      })
    : inWorkspace(
        o.workspaceId,
        async (tx: TenantTx) => {
          await tx.$executeRaw(Prisma.sql`DECLARE ${Prisma.raw(o.cursorName)} NO SCROLL CURSOR FOR ${o.select}`);
          header();
          while (await next()) {
            const rows = await tx.$queryRawUnsafe<Row[]>(`FETCH FORWARD ${batch} FROM ${o.cursorName}`);
            if (rows.length > 0) emit(stringify(await o.records(rows), o.stringifyOptions));
            if (rows.length < batch) break;
          }
        },
        { timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS },
      );
  void done.then(
    () => {
      clearTimeout(deadline);
      if (!cancelled) controller.close();
    },
    (error: unknown) => {
      clearTimeout(deadline);
      log().error({ err: error }, `${o.label} failed`);
      // Before the cursor opened, the error itself: opened() hands it to the entry layer (a
      // database outage is a 503 envelope). Mid-stream the download is cut, never short.
      if (!cancelled) controller.error(cursorOpen ? new Error("export failed") : error);
    },
  );
  return stream;
}

/**
 * A cursorCsv stream once its cursor is open (its header row read): for a download's
 * Response, so that a failure before the first byte — the database down as the export starts
 * — fails the request itself, answered by the entry layer (503 SERVICE_UNAVAILABLE for an
 * outage), instead of a 200 whose body the server cuts before it begins. The rest is pulled
 * from the original stream as the client reads; cancelling the result cancels it.
 */
export async function opened(stream: ReadableStream<Uint8Array>): Promise<ReadableStream<Uint8Array>> {
  const reader = stream.getReader();
  const first = await reader.read();
  let pending = first.done ? null : first.value;
  return new ReadableStream<Uint8Array>(
    {
      start: (controller) => {
        if (first.done) controller.close();
      },
      pull: async (controller) => {
        if (pending) {
          controller.enqueue(pending);
          pending = null;
          return;
        }
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

/**
 * One batch as CSV text, each row written as it arrives. Lines are appended to a string, not
 * gathered in an array; asynchronous ones (decryption) are awaited together, in order.
 */
async function fetchLines<Row>(fetch: FetchRows<Row>, line: (row: Row) => string | Promise<string>) {
  let csv = "";
  const parts: (string | Promise<string>)[] = []; // from the first asynchronous line on
  const rows = await fetch((row) => {
    const text = line(row);
    // Awaited below, once the batch is in; handled now so a failure is not "unhandled".
    if (typeof text !== "string") text.catch(() => {});
    if (parts.length > 0) parts.push(text);
    else if (typeof text === "string") csv += text;
    else parts.push(csv, text);
  });
  if (parts.length > 0) {
    csv = (await Promise.all(parts)).join("");
    parts.fill(""); // lets the batch die young (pg-cursor.ts)
  }
  return { csv, rows };
}

/**
 * Spreadsheet formula injection: a cell that begins with = + - @ tab or carriage return is
 * run as a formula by Excel, LibreOffice and Google Sheets. csv-stringify has no option for
 * this, so its `cast.string` hook prefixes such cells with an apostrophe (OWASP's advice):
 * spreadsheets show the text as typed, and the cell stays readable as plain CSV.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export const FORMULA_SAFE: Options = { cast: { string: neutraliseFormula } };
