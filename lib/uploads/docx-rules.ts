import { checkRelationshipParts, confirmHyperlinks, isRelationshipPart, partKey, UNCHECKABLE, unusualRelationshipDeclaration } from "./docx-relationships";
import { rejection, type UploadRejection } from "./errors";
import { inspectZip, readZipEntries, type ZipEntryInfo } from "./zip-inspection";

const CONTENT_TYPES = "[Content_Types].xml";
const WORD_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";

// Archives by name and, for renamed ones, by their first bytes: ZIP, RAR, 7-Zip, gzip, bzip2,
// xz, zstd, CAB. An embedded spreadsheet (.xlsx) is an archive too and is refused with them.
const ARCHIVE_NAME = /\.(zip|jar|war|apk|docx|docm|dotm|xlsx|xlsm|xlsb|pptx|pptm|odt|ods|odp|7z|rar|gz|tgz|bz2|xz|zst|tar|cab|iso|dmg|lzh|arj)$/i;
const ARCHIVE_MAGIC: readonly number[][] = [
  [0x50, 0x4b, 0x03, 0x04],
  [0x50, 0x4b, 0x05, 0x06],
  [0x52, 0x61, 0x72, 0x21],
  [0x37, 0x7a, 0xbc, 0xaf],
  [0x1f, 0x8b],
  [0x42, 0x5a, 0x68],
  [0xfd, 0x37, 0x7a, 0x58, 0x5a],
  [0x28, 0xb5, 0x2f, 0xfd],
  [0x4d, 0x53, 0x43, 0x46],
];
const MACRO_PART = /(^|\/)(vbaProject\.bin|vbaData\.xml|vbaProjectSignature\.bin)$/i;
// ActiveX controls and OLE objects (which can wrap an executable) are code, not prose.
const ACTIVE_PART = /^word\/(activeX\/|embeddings\/.*\.(bin|exe|dll|ole)$)/i;

const isArchive = (entry: ZipEntryInfo) =>
  ARCHIVE_NAME.test(entry.name) || ARCHIVE_MAGIC.some((magic) => magic.every((byte, i) => entry.head[i] === byte));

/**
 * A DOCX must be an OOXML word-processing package within the ZIP limits, without macros,
 * active parts, archives inside it or relationships that make Word fetch files from other
 * servers (docx-relationships.ts; plain hyperlinks are allowed).
 */
export async function checkDocx(bytes: Buffer): Promise<{ status: "docx" } | UploadRejection> {
  const zip = await inspectZip(bytes, { keepContentOf: (name) => name === CONTENT_TYPES });
  if (zip.status === "rejected") return zip;
  const names = new Set(zip.entries.map((e) => e.name));
  const contentTypes = zip.entries.find((e) => e.name === CONTENT_TYPES)?.content?.toString("utf8") ?? "";
  if (!names.has("word/document.xml") || !contentTypes.includes(WORD_MAIN_TYPE)) {
    const isMacroDocument = /macroEnabled/i.test(contentTypes);
    if (isMacroDocument) return rejection("macros", "Word documents with macros cannot be uploaded: save it as a .docx without macros.", "macro-enabled main part");
    return rejection("type_not_allowed", "This ZIP archive is not a Word document: only .docx files are accepted.", [...names].slice(0, 5).join(", "));
  }
  const macro = zip.entries.find((e) => MACRO_PART.test(e.name));
  if (macro || /macroEnabled/i.test(contentTypes)) {
    return rejection("macros", "Word documents with macros cannot be uploaded: save it as a .docx without macros.", macro?.name ?? "macro-enabled content type");
  }
  const active = zip.entries.find((e) => ACTIVE_PART.test(e.name));
  if (active) {
    return rejection("active_content", "This document contains embedded objects or controls, which cannot be uploaded: remove them and try again.", active.name);
  }
  const nested = zip.entries.find(isArchive);
  if (nested) {
    return rejection("nested_archive", "This document contains another archive or embedded Office file, which cannot be uploaded.", nested.name);
  }
  return checkExternalReferences(bytes, contentTypes);
}

/**
 * A second, narrower read of the accepted archive: its relationships parts, then (only when
 * it has external hyperlinks) the parts that use them. Kept out of the first pass so only
 * these parts, never the whole document, are held in memory.
 */
async function checkExternalReferences(bytes: Buffer, contentTypes: string): Promise<{ status: "docx" } | UploadRejection> {
  const unusual = unusualRelationshipDeclaration(contentTypes);
  if (unusual) return rejection("external_reference", UNCHECKABLE, unusual);
  const relationships = await readZipEntries(bytes, isRelationshipPart);
  if (!Array.isArray(relationships)) return relationships;
  const { rejection: refused, hyperlinks } = checkRelationshipParts(relationships);
  if (refused) return refused;
  if (hyperlinks.size === 0) return { status: "docx" };
  const sources = await readZipEntries(bytes, (name) => hyperlinks.has(partKey(name)));
  if (!Array.isArray(sources)) return sources;
  return confirmHyperlinks(hyperlinks, sources) ?? { status: "docx" };
}
