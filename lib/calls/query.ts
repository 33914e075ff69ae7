import { isUuid } from "../core/ids";
import { Prisma } from "../db/generated/client";
import type { TenantTx } from "../db/scoped";
import { AppError } from "../core/errors";
import type { CallsQuery } from "./schemas";
import { decryptText } from "../crypto/envelope";
import { decodeCallCursor, encodeCallCursor, sortDescending, sortField } from "./cursor";
import { callerToken, toE164 } from "./masking";
import { toCallJson, type CallRow } from "./json";
import type { Principal } from "../authz/principal";
import { seesFullNumbers } from "./full-numbers";


/** The columns every call view reads; the sealed number only for viewers who may see it. */
function columns(full: boolean) {
  return Prisma.sql`id, direction, status, mode, channel, caller_display,
    ${full ? Prisma.sql`caller_number_enc` : Prisma.sql`NULL::text AS caller_number_enc`}, to_number, started_at, ended_at,
    duration_seconds, transcript_enc IS NOT NULL AS has_transcript, recording_key IS NOT NULL AS has_recording`;
}

/** A search number → its token in this workspace, or VALIDATION_FAILED for a non-number. */
export async function callerFilterToken(workspaceId: string, caller: string): Promise<string> {
  const e164 = toE164(caller);
  if (!e164) {
    throw new AppError("VALIDATION_FAILED", "Search by the caller's full number with its country code, e.g. +2348035550789.", {
      details: [{ field: "caller", issue: "not a valid phone number" }],
    });
  }
  return callerToken(workspaceId, e164);
}

/** The WHERE clause shared by the list, the export and its count (filters only, no cursor). */
export async function callFilters(viewer: Principal, q: Omit<CallsQuery, "limit" | "cursor" | "sort">): Promise<Prisma.Sql> {
  const parts = [Prisma.sql`workspace_id = ${viewer.workspace.id}::uuid`, Prisma.sql`mode = ${viewer.mode}`];
  if (q.from) parts.push(Prisma.sql`started_at >= ${new Date(q.from)}`);
  if (q.to) parts.push(Prisma.sql`started_at < ${new Date(q.to)}`);
  if (q.direction) parts.push(Prisma.sql`direction = ${q.direction}`);
  if (q.status) parts.push(Prisma.sql`status = ${q.status}`);
  if (q.caller) parts.push(Prisma.sql`caller_token = ${await callerFilterToken(viewer.workspace.id, q.caller)}`);
  return Prisma.join(parts, " AND ");
}

/**
 * One page of calls, newest first by default, with keyset pagination on (sort key, id): a
 * row-value comparison the composite indexes answer directly, so page 10,000 costs what
 * page 1 does. The dashboard and GET /api/v1/calls both call this.
 */
export async function listCalls(viewer: Principal, q: CallsQuery) {
  const cursor = decodeCallCursor(q.cursor, q.sort);
  const field = sortField(q.sort);
  const desc = sortDescending(q.sort);
  const full = seesFullNumbers(viewer);
  const col = Prisma.raw(field);
  const dir = Prisma.raw(desc ? "DESC" : "ASC");
  let where = await callFilters(viewer, q);
  if (cursor) {
    const value = field === "started_at" ? new Date(cursor.v as string) : (cursor.v as number);
    where = Prisma.sql`${where} AND (${col}, id) ${Prisma.raw(desc ? "<" : ">")} (${value}, ${cursor.id}::uuid)`;
  }
  const rows = await viewer.data((tx) =>
    tx.$queryRaw<CallRow[]>`SELECT ${columns(full)} FROM calls WHERE ${where} ORDER BY ${col} ${dir}, id ${dir} LIMIT ${q.limit + 1}`,
  );
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > q.limit && last
      ? encodeCallCursor({ s: q.sort, v: field === "started_at" ? last.started_at.toISOString() : last.duration_seconds, id: last.id })
      : null;
  const data = await Promise.all(items.map((row) => toCallJson(viewer, row, full)));
  return { data, next_cursor: nextCursor };
}

/** The sealed columns of one call of the viewer's workspace and mode; anything else is 404. */
async function findCall(viewer: Principal, id: string) {
  const full = seesFullNumbers(viewer);
  const rows = isUuid(id ?? "")
    ? await viewer.data((tx) =>
        tx.$queryRaw<(CallRow & { transcript_enc: string | null; recording_key: string | null })[]>`
          SELECT ${columns(full)}, transcript_enc, recording_key FROM calls
          WHERE id = ${id}::uuid AND workspace_id = ${viewer.workspace.id}::uuid AND mode = ${viewer.mode}`,
      )
    : [];
  if (!rows[0]) throw new AppError("NOT_FOUND", "No such call.");
  return { row: rows[0], full };
}

/** One call with its transcript, decrypted server-side. */
export async function getCall(viewer: Principal, id: string) {
  const { row, full } = await findCall(viewer, id);
  const transcript = row.transcript_enc ? await decryptText({ workspaceId: viewer.workspace.id, column: "transcript", rowId: row.id }, row.transcript_enc) : null;
  return { ...(await toCallJson(viewer, row, full)), transcript };
}

/** One call's masked row inside a transaction (for event payloads, which never carry full numbers). */
export async function maskedCallRow(tx: TenantTx, workspaceId: string, id: string): Promise<CallRow | null> {
  const rows = await tx.$queryRaw<CallRow[]>`SELECT ${columns(false)} FROM calls WHERE id = ${id}::uuid AND workspace_id = ${workspaceId}::uuid`;
  return rows[0] ?? null;
}

/** The recording's object key, or NOT_FOUND when the call has none. */
export async function callRecordingKey(viewer: Principal, id: string): Promise<{ callId: string; key: string }> {
  const { row } = await findCall(viewer, id);
  if (!row.recording_key) throw new AppError("NOT_FOUND", "This call has no recording.");
  return { callId: row.id, key: row.recording_key };
}
