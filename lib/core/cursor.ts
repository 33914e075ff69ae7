import { AppError } from "./errors";

/**
 * Opaque keyset cursors: base64url JSON of the last row's sort key. Decoding only parses;
 * each list checks the shape it expects and answers the same VALIDATION_FAILED when it is wrong.
 */
export function encodeOpaqueCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function invalidCursor(): AppError {
  return new AppError("VALIDATION_FAILED", "The cursor is invalid.", { details: [{ field: "cursor", issue: "invalid" }] });
}

export function decodeOpaqueCursor(value: string): unknown {
  try {
    return JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as unknown;
  } catch {
    throw invalidCursor();
  }
}
