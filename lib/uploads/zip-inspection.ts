import type { Readable } from "node:stream";
import yauzl from "yauzl";
import { rejection, type UploadRejection } from "./errors";
import { formatBytes, ZIP_LIMITS } from "./limits";

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  /** The first bytes of the inflated entry, to spot an archive hidden under another name. */
  head: Buffer;
  /** The inflated entry, only for the names asked for in `keepContentOf`. */
  content?: Buffer;
}

export interface ZipInspection {
  status: "inspected";
  entries: ZipEntryInfo[];
}

export interface ZipInspectionOptions {
  /** Entries whose inflated bytes the caller wants back (each bounded by the limits). */
  keepContentOf?: (name: string) => boolean;
}

const HEAD_BYTES = 8;
const BOMB = "This archive expands far beyond its size (a zip bomb) and was not opened.";

/**
 * Reads a ZIP's central directory with yauzl and refuses it on entry count, declared sizes and
 * compression ratio before inflating anything; then inflates each entry into a byte counter
 * (never into memory) so a directory that lies about sizes is caught too — yauzl stops a
 * stream the moment it passes its declared size.
 */
export async function inspectZip(bytes: Buffer, options: ZipInspectionOptions = {}): Promise<ZipInspection | UploadRejection> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(bytes, { autoClose: false, lazyEntries: true, validateEntrySizes: true, strictFileNames: false, decodeStrings: true });
  } catch (error) {
    return rejection("invalid_archive", "This file is a damaged or unsupported ZIP archive.", errorText(error));
  }
  try {
    if (zip.entryCount > ZIP_LIMITS.maxEntries) {
      return rejection("zip_bomb", BOMB, `${zip.entryCount} entries (limit ${ZIP_LIMITS.maxEntries})`);
    }
    const listed = await listEntries(zip);
    if ("status" in listed) return listed;
    const structural = checkDeclaredSizes(listed, bytes.length);
    if (structural) return structural;
    const entries: ZipEntryInfo[] = [];
    for (const entry of listed) {
      const read = await readEntry(zip, entry, options.keepContentOf?.(entry.fileName) ?? false);
      if ("status" in read) return read;
      entries.push(read);
    }
    return { status: "inspected", entries };
  } finally {
    zip.close();
  }
}

/**
 * The inflated bytes of the entries `wanted` picks, for a second look at an archive that
 * inspectZip has already accepted (so its limits hold). A name given twice gives both.
 */
export async function readZipEntries(bytes: Buffer, wanted: (name: string) => boolean): Promise<{ name: string; content: Buffer }[] | UploadRejection> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(bytes, { autoClose: false, lazyEntries: true, validateEntrySizes: true, strictFileNames: false, decodeStrings: true });
  } catch (error) {
    return rejection("invalid_archive", "This file is a damaged or unsupported ZIP archive.", errorText(error));
  }
  try {
    const listed = await listEntries(zip);
    if ("status" in listed) return listed;
    const parts: { name: string; content: Buffer }[] = [];
    for (const entry of listed.filter((e) => wanted(e.fileName))) {
      const read = await readEntry(zip, entry, true);
      if ("status" in read) return read;
      parts.push({ name: read.name, content: read.content ?? Buffer.alloc(0) });
    }
    return parts;
  } finally {
    zip.close();
  }
}

async function listEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[] | UploadRejection> {
  const entries: yauzl.Entry[] = [];
  let total = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.isEncrypted()) {
        return rejection("invalid_archive", "Password-protected documents cannot be uploaded: remove the password and try again.", entry.fileName);
      }
      total += entry.uncompressedSize;
      if (entry.uncompressedSize > ZIP_LIMITS.maxEntryUncompressedBytes || total > ZIP_LIMITS.maxTotalUncompressedBytes) {
        return rejection("zip_bomb", BOMB, `declared ${formatBytes(total)} uncompressed so far (limit ${formatBytes(ZIP_LIMITS.maxTotalUncompressedBytes)}; one entry ≤ ${formatBytes(ZIP_LIMITS.maxEntryUncompressedBytes)})`);
      }
      if (/\.(xml|rels)$/i.test(entry.fileName) && entry.uncompressedSize > ZIP_LIMITS.maxXmlPartBytes) {
        return rejection("text_too_long", "This document has more text than can be processed from one file; split it into smaller documents.", `${entry.fileName}: ${formatBytes(entry.uncompressedSize)} of XML (limit ${formatBytes(ZIP_LIMITS.maxXmlPartBytes)})`);
      }
      if (entry.uncompressedSize >= ZIP_LIMITS.ratioCheckMinBytes && entry.uncompressedSize / Math.max(entry.compressedSize, 1) > ZIP_LIMITS.maxEntryRatio) {
        return rejection("zip_bomb", BOMB, `${entry.fileName}: ${entry.compressedSize} → ${entry.uncompressedSize} bytes (ratio limit ${ZIP_LIMITS.maxEntryRatio})`);
      }
      entries.push(entry);
    }
  } catch (error) {
    // yauzl refuses absolute paths, "..", and malformed records here.
    return rejection("invalid_archive", "This file is a damaged or unsupported ZIP archive.", errorText(error));
  }
  return entries;
}

function checkDeclaredSizes(entries: yauzl.Entry[], archiveBytes: number): UploadRejection | undefined {
  const compressed = entries.reduce((sum, e) => sum + e.compressedSize, 0);
  const uncompressed = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (uncompressed >= ZIP_LIMITS.ratioCheckMinBytes && uncompressed / Math.max(compressed, 1) > ZIP_LIMITS.maxTotalRatio) {
    return rejection("zip_bomb", BOMB, `${compressed} → ${uncompressed} bytes (ratio limit ${ZIP_LIMITS.maxTotalRatio})`);
  }
  // Entries sharing compressed data (overlapping records) multiply one deflate stream many
  // times over without any single entry looking unusual.
  const byOffset = [...entries].sort((a, b) => a.relativeOffsetOfLocalHeader - b.relativeOffsetOfLocalHeader);
  let previous: yauzl.Entry | undefined;
  for (const entry of byOffset) {
    if (previous && entry.relativeOffsetOfLocalHeader < previous.relativeOffsetOfLocalHeader + 30 + previous.compressedSize) {
      return rejection("zip_bomb", BOMB, `overlapping entries ${previous.fileName} and ${entry.fileName}`);
    }
    previous = entry;
  }
  if (compressed > archiveBytes) return rejection("zip_bomb", BOMB, `entries claim ${compressed} compressed bytes in a ${archiveBytes}-byte file`);
  return undefined;
}

async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, keepContent: boolean): Promise<ZipEntryInfo | UploadRejection> {
  let stream: Readable;
  try {
    stream = await zip.openReadStreamPromise(entry);
  } catch (error) {
    return rejection("invalid_archive", "This file is a damaged or unsupported ZIP archive.", `${entry.fileName}: ${errorText(error)}`);
  }
  const kept: Buffer[] = [];
  let head = Buffer.alloc(0);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
      if (keepContent) kept.push(chunk);
    }
  } catch (error) {
    const text = errorText(error);
    // yauzl's size validation: the entry inflates to more (or less) than the directory says.
    if (/too (many|few) bytes/.test(text)) return rejection("zip_bomb", BOMB, `${entry.fileName}: ${text}`);
    return rejection("invalid_archive", "This file is a damaged or unsupported ZIP archive.", `${entry.fileName}: ${text}`);
  }
  return {
    name: entry.fileName,
    compressedSize: entry.compressedSize,
    uncompressedSize: entry.uncompressedSize,
    head,
    ...(keepContent ? { content: Buffer.concat(kept) } : {}),
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** ZIP local-file, empty-archive and spanned-archive signatures. */
export function looksLikeZip(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) return false;
  // Bytes 2 and 3, big-endian: which record the "PK" opens.
  const kind = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint16(2);
  return [0x0304, 0x0506, 0x0708].includes(kind);
}
