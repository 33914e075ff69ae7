import "server-only";
import mammoth from "mammoth";
import { extractText as extractPdfText, getDocumentProxy } from "unpdf";
import { UploadRefused } from "./errors";
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
export async function extractText(upload: Pick<AcceptedUpload, "kind" | "safeName">, bytes: Uint8Array): Promise<string> {
  const raw = await extractRawText(upload.kind, bytes);
  // Checked before sanitising, which only shortens text: no time spent on text refused anyway.
  if (raw.length > EXTRACTION_LIMITS.maxTextChars) {
    throw new UploadRefused("text_too_long", `“${upload.safeName}” holds more text than the knowledge base takes from one file; split it into smaller files.`, {
      detail: `${raw.length} characters (limit ${EXTRACTION_LIMITS.maxTextChars})`,
    });
  }
  return sanitiseText(raw).trim();
}

async function extractRawText(kind: AcceptedUpload["kind"], bytes: Uint8Array): Promise<string> {
  switch (kind) {
    case "pdf":
      return extractFromPdf(bytes);
    case "docx":
      return extractFromDocx(bytes);
    case "text":
    case "markdown":
    case "csv":
      // inspectUpload has validated the UTF-8; a BOM is not text.
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8").replace(/^\uFEFF/, "");
  }
}

async function extractFromPdf(bytes: Uint8Array): Promise<string> {
  // pdf.js takes ownership of the array it is given: hand it a copy.
  const data = new Uint8Array(bytes);
  let document: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // No eval (CVE-2024-4367 was font code compiled with eval), no system fonts, no logging.
    document = await getDocumentProxy(data, { isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 });
  } catch (error) {
    throw new UploadRefused("unreadable", UNREADABLE, { detail: describe(error), cause: error });
  }
  try {
    if (document.numPages > EXTRACTION_LIMITS.maxPdfPages) {
      throw new UploadRefused("text_too_long", `This PDF has ${document.numPages} pages; the knowledge base takes at most ${EXTRACTION_LIMITS.maxPdfPages} from one file.`);
    }
    const { text } = await extractPdfText(document, { mergePages: true });
    return text;
  } catch (error) {
    if (error instanceof UploadRefused) throw error;
    throw new UploadRefused("unreadable", UNREADABLE, { detail: describe(error), cause: error });
  } finally {
    await document.destroy();
  }
}

async function extractFromDocx(bytes: Uint8Array): Promise<string> {
  try {
    const result = await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
    return result.value;
  } catch (error) {
    throw new UploadRefused("unreadable", UNREADABLE, { detail: describe(error), cause: error });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
