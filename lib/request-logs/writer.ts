import { db } from "../db/client";
import { registerFlush, scheduleFlush } from "../db/write-behind";
import { log } from "../log/logger";

/**
 * The request-log writer (issue 19, decision 043): requests are noted in memory and written
 * in one INSERT twice a second by the write-behind timer it shares with keys' last use
 * (lib/db/write-behind.ts), off the request path — the response never
 * waits for it. The queue is bounded: when the database cannot keep up (or is down), the
 * oldest notes are dropped and counted in the log, never the request slowed or failed.
 */
export interface RequestLogEntry {
  workspaceId: string;
  occurredAt: Date;
  requestId: string;
  method: string;
  route: string;
  path: string;
  status: number;
  errorCode: string | null;
  durationMs: number;
  keyId: string;
  keyDisplay: string;
  mode: "live" | "test";
  permission: string;
  ip: string | null;
  userAgent: string | null;
  responseBytes: number | null;
}

/** Short enough that a request is findable by its id within a second of its response. */
export const FLUSH_EVERY_MS = 500;
const MAX_BATCH = 1000;
const MAX_QUEUED = 20_000;

let queue: RequestLogEntry[] = [];
let dropped = 0;
let flushing: Promise<void> | undefined;

const clip = (value: string | null, max: number) => (value === null ? null : value.length > max ? value.slice(0, max) : value);

export function noteRequest(entry: RequestLogEntry): void {
  if (queue.length >= MAX_QUEUED) {
    queue.shift();
    dropped++;
  }
  queue.push({ ...entry, path: clip(entry.path, 300)!, userAgent: clip(entry.userAgent, 300), ip: clip(entry.ip, 64) });
  scheduleFlush(FLUSH_EVERY_MS);
}

/** Writes everything noted so far (tests and shutdown call it; the shared write-behind timer does otherwise). */
export async function flushRequestLogs(): Promise<void> {
  if (flushing) await flushing;
  flushing = writeQueued().finally(() => (flushing = undefined));
  await flushing;
}

async function writeQueued(): Promise<void> {
  while (queue.length > 0) {
    const batch = queue.slice(0, MAX_BATCH);
    queue = queue.slice(batch.length);
    try {
      // Once more on failure: a workspace erased between the batch's check and its insert
      // fails the whole statement (the foreign key), and the second try skips it.
      await insertBatch(batch).catch(() => insertBatch(batch));
    } catch (error) {
      dropped += batch.length;
      log().warn({ err: error, rows: batch.length }, "could not write request logs");
    }
  }
  if (dropped > 0) {
    log().warn({ dropped }, "request log rows dropped");
    dropped = 0;
  }
}

/**
 * One INSERT of the whole batch as column arrays (unnest): 16 parameters whatever the batch
 * size, where a multi-row VALUES list would bind 16 per row and cost the client as much again.
 * Rows of a workspace that no longer exists (erased while they waited here) are skipped: the
 * foreign key would refuse them, and with them every other workspace's rows in the batch.
 */
async function insertBatch(batch: RequestLogEntry[]): Promise<void> {
  const col = <K extends keyof RequestLogEntry>(k: K) => batch.map((e) => e[k]);
  await db().$executeRaw`
    INSERT INTO request_logs (workspace_id, occurred_at, request_id, method, route, path, status, error_code, duration_ms,
                              key_id, key_display, mode, permission, ip, user_agent, response_bytes)
    SELECT u.* FROM unnest(
      ${col("workspaceId")}::uuid[], ${col("occurredAt")}::timestamptz[], ${col("requestId")}::varchar[], ${col("method")}::varchar[],
      ${col("route")}::varchar[], ${col("path")}::varchar[], ${col("status")}::smallint[], ${col("errorCode")}::varchar[],
      ${col("durationMs")}::real[], ${col("keyId")}::uuid[], ${col("keyDisplay")}::varchar[], ${col("mode")}::text[]::"KeyMode"[],
      ${col("permission")}::varchar[], ${col("ip")}::varchar[], ${col("userAgent")}::varchar[], ${col("responseBytes")}::int[])
      AS u(workspace_id, occurred_at, request_id, method, route, path, status, error_code, duration_ms, key_id, key_display, mode,
           permission, ip, user_agent, response_bytes)
    WHERE EXISTS (SELECT 1 FROM workspaces w WHERE w.id = u.workspace_id)`;
}

registerFlush("request-logs", flushRequestLogs);
