import "server-only";
import { UploadRefused } from "./errors";
import { extractInWorker, type ExtractionBounds } from "./extract-worker";
import type { AcceptedUpload } from "./inspect";
import { EXTRACTION_LIMITS } from "./limits";
import { sanitiseText } from "./sanitise-text";

const UNREADABLE = "The text of this file could not be read. It may be damaged, or a scanned image without text.";

/**
 * The text of an accepted upload, sanitised for the knowledge base. Call only with bytes
 * inspectUpload accepted (and, when scanning is configured, that clamd found clean): the PDF
 * and DOCX parsers are exactly what a hostile file targets.
 * Throws UploadRefused `unreadable` or `text_too_long`.
 */
export async function extractText(upload: Pick<AcceptedUpload, "kind" | "safeName">, bytes: Uint8Array, bounds: ExtractionBounds = EXTRACTION_LIMITS): Promise<string> {
  const raw = await extractRawText(upload.kind, bytes, bounds);
  // Checked before sanitising, which only shortens text: no time spent on text refused anyway.
  if (raw.length > EXTRACTION_LIMITS.maxTextChars) {
    throw new UploadRefused("text_too_long", `“${upload.safeName}” holds more text than the knowledge base takes from one file; split it into smaller files.`, {
      detail: `${raw.length} characters (limit ${EXTRACTION_LIMITS.maxTextChars})`,
    });
  }
  return sanitiseText(raw).trim();
}

async function extractRawText(kind: AcceptedUpload["kind"], bytes: Uint8Array, bounds: ExtractionBounds): Promise<string> {
  switch (kind) {
    case "pdf":
    case "docx":
      return extractInBoundedWorker(kind, bytes, bounds);
    case "text":
    case "markdown":
    case "csv":
      // inspectUpload has validated the UTF-8; a BOM is not text.
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8").replace(/^\uFEFF/, "");
  }
}

/** PDF and DOCX: parsed in a bounded worker thread (lib/uploads/extract-worker.ts). */
async function extractInBoundedWorker(kind: "pdf" | "docx", bytes: Uint8Array, bounds: ExtractionBounds): Promise<string> {
  const outcome = await extractInWorker(kind, bytes, bounds);
  if ("text" in outcome) return outcome.text;
  if ("refused" in outcome) {
    throw new UploadRefused("text_too_long", `This PDF has ${outcome.pages} pages; the knowledge base takes at most ${bounds.maxPdfPages} from one file.`);
  }
  if ("limit" in outcome) {
    const what = outcome.limit === "timeout" ? `${bounds.timeoutMs / 1000} seconds` : `${bounds.maxHeapMb} MB of memory`;
    throw new UploadRefused("unreadable", `Reading the text of this file took more than ${what}. Split it into smaller files, or save it again from its original program.`, {
      detail: `extraction ${outcome.limit}`,
    });
  }
  throw new UploadRefused("unreadable", UNREADABLE, { detail: outcome.failed });
}
