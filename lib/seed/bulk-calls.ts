import "server-only";
import { randomUUID } from "node:crypto";
import { callerToken, maskedDisplay } from "../calls/masking";
import { encryptField } from "../crypto/envelope";
import { database, db } from "../db/client";
import type { KeyMode } from "../db/generated/client";
import { createCallGenerator, type GeneratedCall } from "../calls/simulation/call-generator";

export interface SeedCallsOptions {
  workspaceId: string;
  count: number;
  mode?: KeyMode;
  /** Calls start within the last `days` days; default 365. */
  days?: number;
  /** Share of completed calls that get a (sealed) transcript; default 0.05 keeps big seeds a sane size. */
  transcriptShare?: number;
  /** Generator seed (same seed → same callers and calls); default 1. */
  seed?: number;
  now?: Date;
  /** Rows per INSERT; default 5,000. */
  batchSize?: number;
  /** INSERTs in flight at once; default 2 on PostgreSQL, 1 on PGlite (one connection). */
  concurrency?: number;
  onProgress?: (progress: { inserted: number; total: number; elapsedMs: number }) => void;
}

export interface SeedCallsResult {
  inserted: number;
  transcripts: number;
  masked: boolean;
  elapsedMs: number;
  rowsPerSecond: number;
}

/** One batch as column arrays, the shape `unnest` takes. */
interface Columns {
  id: string[];
  direction: string[];
  status: string[];
  callerToken: string[];
  callerDisplay: string[];
  callerNumberEnc: (string | null)[];
  toNumber: string[];
  startedAt: string[];
  endedAt: string[];
  durationSeconds: number[];
  transcriptEnc: (string | null)[];
}

/**
 * Bulk-inserts generated calls (`npm run seed -- --calls N`) under the workspace's masking
 * setting, read once (SPEC §5): with masking on only the token and display form of a caller
 * are written; with it off the number is sealed to its row. Transcripts are sealed to their
 * row too, which is why ids are made here rather than by the database. Each batch is one
 * INSERT … SELECT FROM unnest(typed arrays) with bound parameters, and the next batch is
 * built (and encrypted) while the previous one is being written. Batches commit one by one:
 * a failure leaves the batches before it in place. No recordings (recording_key null).
 */
export async function seedCalls(options: SeedCallsOptions): Promise<SeedCallsResult> {
  const { workspaceId, count, mode = "live", batchSize = 5000 } = options;
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError("count must be a whole number ≥ 0");
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError("batchSize must be a whole number ≥ 1");
  const started = performance.now();
  const workspace = await db().workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { callerMasking: true } });
  const numbers = await db().phoneNumber.findMany({ where: { workspaceId, mode }, select: { number: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const generator = createCallGenerator({
    count,
    toNumbers: numbers.map((n) => n.number),
    seed: options.seed,
    days: options.days ?? 365,
    now: options.now,
    transcriptShare: options.transcriptShare ?? 0.05,
  });

  // Token and display form once per distinct caller (on first use, so the work overlaps the
  // writes in flight instead of delaying the first one).
  const maskedCallers = new Map<string, { token: string; display: string }>();
  const maskedCaller = async (e164: string) => {
    let masked = maskedCallers.get(e164);
    if (!masked) {
      masked = { token: await callerToken(workspaceId, e164), display: maskedDisplay(e164) };
      maskedCallers.set(e164, masked);
    }
    return masked;
  };

  const buildBatch = async (size: number): Promise<{ columns: Columns; transcripts: number }> => {
    const columns: Columns = { id: [], direction: [], status: [], callerToken: [], callerDisplay: [], callerNumberEnc: [], toNumber: [], startedAt: [], endedAt: [], durationSeconds: [], transcriptEnc: [] };
    let transcripts = 0;
    for (let i = 0; i < size; i++) {
      const call: GeneratedCall = generator.next();
      const id = randomUUID();
      const masked = await maskedCaller(call.caller);
      columns.id.push(id);
      columns.direction.push(call.direction);
      columns.status.push(call.status);
      columns.callerToken.push(masked.token);
      columns.callerDisplay.push(masked.display);
      columns.callerNumberEnc.push(workspace.callerMasking ? null : await encryptField({ workspaceId, column: "caller_number", rowId: id }, call.caller));
      columns.toNumber.push(call.toNumber);
      columns.startedAt.push(call.startedAt.toISOString());
      columns.endedAt.push(call.endedAt.toISOString());
      columns.durationSeconds.push(call.durationSeconds);
      columns.transcriptEnc.push(call.transcript === null ? null : await encryptField({ workspaceId, column: "transcript", rowId: id }, call.transcript));
      if (call.transcript !== null) transcripts++;
    }
    return { columns, transcripts };
  };

  let inserted = 0;
  let transcripts = 0;
  // Up to `inFlight` INSERTs run while the next batch is built; PGlite is one connection, so
  // one there. A failed write is kept and rethrown once the writes in flight have settled.
  const inFlight = Math.max(1, options.concurrency ?? (database().kind === "postgresql" ? 2 : 1));
  let failure: { error: unknown } | undefined;
  const writing: Promise<void>[] = [];
  for (let done = 0; done < count && !failure; ) {
    const size = Math.min(batchSize, count - done);
    const batch = await buildBatch(size);
    done += size;
    while (writing.length >= inFlight) await writing.shift();
    if (failure) break;
    transcripts += batch.transcripts;
    writing.push(
      insertBatch(workspaceId, mode, batch.columns).then(
        () => {
          inserted += size;
          options.onProgress?.({ inserted, total: count, elapsedMs: performance.now() - started });
        },
        (error: unknown) => void (failure ??= { error }),
      ),
    );
  }
  await Promise.all(writing);
  if (failure) throw failure.error;
  // Fresh planner statistics, so the call-log queries use their indexes straight away.
  if (inserted > 0) await db().$executeRaw`ANALYZE calls`;

  const elapsedMs = performance.now() - started;
  return { inserted, transcripts, masked: workspace.callerMasking, elapsedMs, rowsPerSecond: inserted / (elapsedMs / 1000) };
}

// Every column travels as a typed array, one parameter per column.
async function insertBatch(workspaceId: string, mode: KeyMode, c: Columns): Promise<void> {
  await db().$executeRaw`
    INSERT INTO calls (id, workspace_id, mode, direction, status, caller_token, caller_display, caller_number_enc,
                       to_number, started_at, ended_at, duration_seconds, transcript_enc)
    SELECT t.id, ${workspaceId}::uuid, ${mode}::text, t.direction, t.status, t.caller_token, t.caller_display,
           t.caller_number_enc, t.to_number, t.started_at, t.ended_at, t.duration_seconds, t.transcript_enc
    FROM unnest(
      ${c.id}::uuid[], ${c.direction}::text[], ${c.status}::text[], ${c.callerToken}::text[],
      ${c.callerDisplay}::text[], ${c.callerNumberEnc}::text[], ${c.toNumber}::text[], ${c.startedAt}::timestamptz[],
      ${c.endedAt}::timestamptz[], ${c.durationSeconds}::int[], ${c.transcriptEnc}::text[]
    ) AS t(id, direction, status, caller_token, caller_display, caller_number_enc, to_number, started_at, ended_at,
           duration_seconds, transcript_enc)`;
}
