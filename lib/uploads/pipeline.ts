import "server-only";
import { rejection, UploadRefused, type UploadRejection } from "./errors";
import { extractText } from "./extract";
import { inspectUpload, type AcceptedUpload, type UploadInput } from "./inspect";
import { scanBytes, type ScanOptions } from "./scan";

export interface ProcessedUpload extends AcceptedUpload {
  /** "not_scanned" when clamd is not configured: show it and keep it on the stored row. */
  scan: "clean" | "not_scanned";
  /** Sanitised plain text for the knowledge base. */
  text: string;
}

/**
 * The whole check an upload route runs, in the order that keeps parsers away from hostile
 * bytes: inspect (type, size, name, archive limits), scan with clamd, then extract text.
 * A rejection is returned, never thrown; only programming errors throw.
 * On `infected` the route quarantines the bytes (SPEC §8) — this library stores nothing.
 */
export async function processUpload(input: UploadInput, options: ScanOptions = {}): Promise<ProcessedUpload | UploadRejection> {
  const inspected = await inspectUpload(input);
  if (inspected.status === "rejected") return inspected;
  try {
    const scan = await scanBytes(input.bytes, options);
    if (scan.status === "infected") {
      return rejection("infected", `“${inspected.safeName}” was flagged by the virus scanner and was not accepted.`, scan.signature);
    }
    const text = await extractText(inspected, input.bytes);
    return { ...inspected, scan: scan.status, text };
  } catch (error) {
    if (error instanceof UploadRefused) return error.toRejection();
    throw error;
  }
}
