import { stringify, type Options } from "csv-stringify/sync";
import { Prisma } from "../db/generated/client";
import { inWorkspace, type TenantTx } from "../db/scoped";
import { log } from "../log/logger";

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
  batch?: number;
  timeoutMs?: number;
  /** For the error log: which export failed. */
  label: string;
}

/**
 * A CSV file streamed from a server-side cursor inside the workspace's RLS scope
 * (`inWorkspace`). The stream is pulled: a batch is fetched only when the reader has room
 * for it, so a slow download never buffers the table and memory stays constant whatever the
 * row count. Each batch becomes one CSV chunk at once, so rows never outlive their batch. A
 * reader that goes away ends the transaction; a database failure mid-stream errors the
 * download (never a silently short file).
 */
export function cursorCsv<Row>(o: CursorCsvOptions<Row>): ReadableStream<Uint8Array> {
  if (!/^[a-z_][a-z0-9_]*$/.test(o.cursorName)) throw new Error("cursorCsv: bad cursor name");
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

  void inWorkspace(
    o.workspaceId,
    async (tx: TenantTx) => {
      await tx.$executeRaw(Prisma.sql`DECLARE ${Prisma.raw(o.cursorName)} NO SCROLL CURSOR FOR ${o.select}`);
      controller.enqueue(encoder.encode(stringify([[...o.header]])));
      for (;;) {
        await demand();
        if (cancelled) return;
        const rows = await tx.$queryRawUnsafe<Row[]>(`FETCH FORWARD ${batch} FROM ${o.cursorName}`);
        if (rows.length > 0) controller.enqueue(encoder.encode(stringify(await o.records(rows), o.stringifyOptions)));
        if (rows.length < batch) break;
      }
    },
    { timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS },
  ).then(
    () => {
      if (!cancelled) controller.close();
    },
    (error: unknown) => {
      log().error({ err: error }, `${o.label} failed`);
      if (!cancelled) controller.error(new Error("export failed"));
    },
  );
  return stream;
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
