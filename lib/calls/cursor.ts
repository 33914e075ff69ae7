import { isUuid } from "../core/ids";
import { decodeOpaqueCursor, encodeOpaqueCursor, invalidCursor } from "../core/cursor";
import type { CALL_SORTS } from "./schemas";

export type CallSort = (typeof CALL_SORTS)[number];

/**
 * Keyset cursors for call lists: the last row's sort value and id, and the sort they belong
 * to (a cursor from one sort is refused by another). Opaque base64url JSON.
 */
export interface CallCursor {
  s: CallSort;
  v: string | number;
  id: string;
}


export const sortField = (sort: CallSort) => (sort.endsWith("started_at") ? "started_at" : "duration_seconds") as "started_at" | "duration_seconds";
export const sortDescending = (sort: CallSort) => sort.startsWith("-");

export function encodeCallCursor(c: CallCursor): string {
  return encodeOpaqueCursor(c);
}


export function decodeCallCursor(value: string | undefined, sort: CallSort): CallCursor | null {
  if (!value) return null;
  const parsed = decodeOpaqueCursor(value) as CallCursor | null;
  if (!parsed || parsed.s !== sort || typeof parsed.id !== "string" || !isUuid(parsed.id)) throw invalidCursor();
  const ok =
    sortField(sort) === "started_at"
      ? typeof parsed.v === "string" && !Number.isNaN(Date.parse(parsed.v))
      : Number.isSafeInteger(parsed.v) && (parsed.v as number) >= 0;
  if (!ok) throw invalidCursor();
  return parsed;
}
