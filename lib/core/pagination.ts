import { z } from "zod";
import { decodeOpaqueCursor, encodeOpaqueCursor, invalidCursor } from "./cursor";
import { isUuid } from "./ids";

/** Keyset cursors: opaque base64url of the last row's sort key (created_at, id). */
export interface Cursor {
  at: string;
  id: string;
}

export const limitSchema = z.coerce.number().int().min(1).max(100).default(20).describe("Page size, 1–100 (default 20).");
export const cursorSchema = z.string().max(200).optional().describe("The `next_cursor` of the previous page.");

/** The query of a list with nothing to filter: a page size and the cursor. */
export const listQuery = z.strictObject({ limit: limitSchema, cursor: cursorSchema });

export function encodeCursor(c: Cursor): string {
  return encodeOpaqueCursor(c);
}

const ID_SHAPES = { uuid: isUuid, serial: (id: string) => /^\d{1,19}$/.test(id) } as const;

export function decodeCursor(value: string | undefined, idShape: keyof typeof ID_SHAPES = "uuid"): Cursor | null {
  if (!value) return null;
  const parsed = decodeOpaqueCursor(value) as Partial<Cursor> | null;
  if (!parsed || typeof parsed.at !== "string" || typeof parsed.id !== "string" || Number.isNaN(Date.parse(parsed.at))) throw invalidCursor();
  if (!ID_SHAPES[idShape](parsed.id)) throw invalidCursor();
  return { at: parsed.at, id: parsed.id };
}

/** Rows fetched with take = limit + 1 → the page and the next cursor (null on the last page). */
export function page<T extends { id: string | bigint; createdAt?: Date; occurredAt?: Date }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const at = last ? (last.createdAt ?? last.occurredAt)! : null;
  return { items, nextCursor: rows.length > limit && last && at ? encodeCursor({ at: at.toISOString(), id: String(last.id) }) : null };
}

/** The `where` part of a newest-first keyset page on (created_at, id): rows after the cursor. */
export function createdBefore(cursor: Cursor | null) {
  return cursor ? { OR: [{ createdAt: { lt: new Date(cursor.at) } }, { createdAt: new Date(cursor.at), id: { lt: cursor.id } }] } : {};
}
