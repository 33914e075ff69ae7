import { ApiError } from "../api/errors";
import type { CALL_SORTS } from "../api/v1/schemas";

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const sortField = (sort: CallSort) => (sort.endsWith("started_at") ? "started_at" : "duration_seconds") as "started_at" | "duration_seconds";
export const sortDescending = (sort: CallSort) => sort.startsWith("-");

export function encodeCallCursor(c: CallCursor): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

const invalid = () => new ApiError("VALIDATION_FAILED", "The cursor is invalid.", { details: [{ field: "cursor", issue: "invalid" }] });

export function decodeCallCursor(value: string | undefined, sort: CallSort): CallCursor | null {
  if (!value) return null;
  let parsed: CallCursor;
  try {
    parsed = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as CallCursor;
  } catch {
    throw invalid();
  }
  if (!parsed || parsed.s !== sort || typeof parsed.id !== "string" || !UUID.test(parsed.id)) throw invalid();
  const ok =
    sortField(sort) === "started_at"
      ? typeof parsed.v === "string" && !Number.isNaN(Date.parse(parsed.v))
      : Number.isSafeInteger(parsed.v) && (parsed.v as number) >= 0;
  if (!ok) throw invalid();
  return parsed;
}
