/**
 * What the knowledge base accepts (SPEC §8, decision 018): one row per kind. A kind is decided
 * by the file's bytes, and its name's extension must agree; the MIME type stored is ours,
 * never the browser's.
 */

export const UPLOAD_KINDS = ["pdf", "docx", "text", "markdown", "csv"] as const;
export type UploadKind = (typeof UPLOAD_KINDS)[number];

const MB = 1024 * 1024;

export interface UploadKindRule {
  /** Lower-case, without the dot. The first is the one a fallback name gets. */
  extensions: readonly string[];
  mime: string;
  maxBytes: number;
  /** For messages: "a PDF document". */
  label: string;
}

export const UPLOAD_RULES: Readonly<Record<UploadKind, UploadKindRule>> = {
  pdf: { extensions: ["pdf"], mime: "application/pdf", maxBytes: 20 * MB, label: "a PDF document" },
  docx: {
    extensions: ["docx"],
    mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    maxBytes: 20 * MB,
    label: "a Word document (.docx)",
  },
  text: { extensions: ["txt", "text"], mime: "text/plain; charset=utf-8", maxBytes: 5 * MB, label: "a plain-text file" },
  markdown: { extensions: ["md", "markdown"], mime: "text/markdown; charset=utf-8", maxBytes: 5 * MB, label: "a Markdown file" },
  csv: { extensions: ["csv"], mime: "text/csv; charset=utf-8", maxBytes: 5 * MB, label: "a CSV file" },
};

/** Anything larger is refused before a single byte is parsed. */
export const MAX_UPLOAD_BYTES = Math.max(...Object.values(UPLOAD_RULES).map((r) => r.maxBytes));

/** Text-family kinds: no magic bytes, told apart by extension once the bytes are valid UTF-8. */
export const TEXT_KINDS: ReadonlySet<UploadKind> = new Set(["text", "markdown", "csv"]);

/**
 * A DOCX is a ZIP. These bound what reading it may cost, judged from the central directory
 * before anything is inflated, then enforced while inflating (declared sizes can lie).
 * Real documents sit far below: a 300-page report is ~100 entries and ~10 MB inflated, and
 * XML compresses 5–20×; a zip bomb compresses zeros ~1000×.
 */
export const ZIP_LIMITS = {
  maxEntries: 1_000,
  maxTotalUncompressedBytes: 100 * MB,
  maxEntryUncompressedBytes: 50 * MB,
  /** Whole archive, uncompressed ÷ compressed. */
  maxTotalRatio: 100,
  /** Per entry, only for entries above `ratioCheckMinBytes` (tiny XML parts can look extreme). */
  maxEntryRatio: 200,
  ratioCheckMinBytes: 1 * MB,
  /**
   * One XML part (word/document.xml…), which mammoth loads as a DOM: ~1.6 MB/s and ~45 MB of
   * memory per MB of XML here, so 10 MB costs ~6 s and ~450 MB. A 300-page Word report has
   * 3–8 MB; larger documents are asked to be split.
   */
  maxXmlPartBytes: 10 * MB,
} as const;

/**
 * Extraction bounds: a 20 MB PDF can still hold far more text than the knowledge base wants,
 * and a file that passes every size check can still make a parser spin. PDF and DOCX are
 * parsed in a worker thread that is terminated past `timeoutMs` or `maxHeapMb` (a 10 MB XML
 * part, the largest allowed, needs ~450 MB in mammoth and ~6 s here).
 */
export const EXTRACTION_LIMITS = {
  maxPdfPages: 2_000,
  maxTextChars: 5_000_000,
  timeoutMs: 30_000,
  maxHeapMb: 768,
} as const;

export function kindForExtension(extension: string): UploadKind | undefined {
  const ext = extension.toLowerCase();
  return UPLOAD_KINDS.find((kind) => UPLOAD_RULES[kind].extensions.includes(ext));
}

export function formatBytes(bytes: number): string {
  if (bytes >= MB) return `${+(bytes / MB).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/** "PDF, Word (.docx), plain text (.txt), Markdown (.md) or CSV" — for refusal messages. */
export const ALLOWED_TYPES_TEXT = "PDF, Word (.docx), plain text (.txt), Markdown (.md) or CSV";
