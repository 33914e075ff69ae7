import "server-only";
import { createHash } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import { checkDocx } from "./docx-rules";
import { rejection, type UploadRejection } from "./errors";
import { fileExtension, sanitiseFilename } from "./filename";
import { ALLOWED_TYPES_TEXT, formatBytes, kindForExtension, MAX_UPLOAD_BYTES, TEXT_KINDS, UPLOAD_RULES, type UploadKind } from "./limits";
import { decodeUtf8Text, findActiveContent } from "./text-content";
import { looksLikeZip } from "./zip-inspection";

export interface UploadInput {
  /** As the browser sent it: untrusted, display only after sanitising. */
  filename: unknown;
  bytes: Uint8Array;
}

export interface AcceptedUpload {
  status: "accepted";
  kind: UploadKind;
  /** Ours, from the table — never the browser's Content-Type. */
  mime: string;
  /** For display; storage is by generated id. */
  safeName: string;
  size: number;
  /** Hex SHA-256 of the bytes: de-duplication and the audit trail. */
  sha256: string;
}

export type UploadInspection = AcceptedUpload | UploadRejection;

// Programs and installers: refused as such, whatever they are named, so the security event
// says what was attempted.
const EXECUTABLE_TYPES = new Set(["exe", "elf", "macho", "wasm", "class", "jar", "apk", "swf", "lnk", "chm", "reg", "crx", "xpi", "deb", "rpm", "ar"]);
// file-type's text-based detections: judged as text, so markup with script is refused as such.
const TEXT_BASED_TYPES = new Set(["xml", "vtt", "ics", "vcf"]);

type Detection = { status: "detected"; kind: "pdf" | "docx" | "text" } | UploadRejection;

/**
 * Decides whether a file may enter the knowledge base (SPEC §8, decision 018): the type comes
 * from the bytes (magic numbers via file-type, the ZIP directory for DOCX, UTF-8 validity for
 * text), the sanitised name's extension must agree, and the kind's size limit applies.
 */
export async function inspectUpload({ filename, bytes }: UploadInput): Promise<UploadInspection> {
  const safeName = sanitiseFilename(filename);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = buffer.length;
  const quoted = `“${safeName}”`;
  if (size === 0) return rejection("empty_file", `${quoted} is empty.`);
  if (size > MAX_UPLOAD_BYTES) {
    return rejection("file_too_large", `${quoted} is ${formatBytes(size)}; files can be at most ${formatBytes(MAX_UPLOAD_BYTES)}.`);
  }

  const detected = await detectContent(buffer, quoted);
  if (detected.status === "rejected") return detected;

  const extension = fileExtension(safeName);
  const declared = extension === undefined ? undefined : kindForExtension(extension);
  if (declared === undefined) {
    const what = extension === undefined ? "has no file extension" : `is a .${extension} file`;
    return rejection("type_not_allowed", `${quoted} ${what}; only ${ALLOWED_TYPES_TEXT} files can be uploaded.`);
  }
  const kind = detected.kind === "text" && TEXT_KINDS.has(declared) ? declared : detected.kind;
  if (kind !== declared) {
    const content = detected.kind === "text" ? "plain text" : UPLOAD_RULES[detected.kind].label;
    return rejection(
      "extension_mismatch",
      `${quoted} is named as ${UPLOAD_RULES[declared].label} but its content is ${content}. Rename it or upload the right file.`,
      `declared ${declared}, detected ${detected.kind}`,
    );
  }
  const { maxBytes, mime } = UPLOAD_RULES[kind];
  if (size > maxBytes) {
    return rejection("file_too_large", `${quoted} is ${formatBytes(size)}; ${UPLOAD_RULES[kind].label} can be at most ${formatBytes(maxBytes)}.`);
  }
  const sha256 = createHash("sha256").update(buffer).digest("hex");
  return { status: "accepted", kind, mime, safeName, size, sha256 };
}

async function detectContent(buffer: Buffer, quoted: string): Promise<Detection> {
  // ZIP first, and never through file-type, which inflates parts to tell OOXML formats apart:
  // the bomb limits must run before anything is inflated.
  if (looksLikeZip(buffer)) {
    const docx = await checkDocx(buffer);
    return docx.status === "docx" ? { status: "detected", kind: "docx" } : docx;
  }
  let type = await fileTypeFromBuffer(buffer);
  // file-type calls anything starting "MZ" a Windows program; a real DOS/PE header always
  // has NUL bytes in its first 64, text never does.
  if (type?.ext === "exe" && !buffer.subarray(0, 64).includes(0)) type = undefined;
  if (type === undefined || TEXT_BASED_TYPES.has(type.ext)) {
    // Every text kind shares one limit: refuse before decoding megabytes that will not be kept.
    const textLimit = UPLOAD_RULES.text.maxBytes;
    if (buffer.length > textLimit) {
      return rejection("file_too_large", `${quoted} is ${formatBytes(buffer.length)}; text, Markdown and CSV files can be at most ${formatBytes(textLimit)}.`);
    }
    const decoded = decodeUtf8Text(buffer);
    if (decoded.status === "rejected") return decoded;
    return findActiveContent(decoded.text) ?? { status: "detected", kind: "text" };
  }
  if (EXECUTABLE_TYPES.has(type.ext)) {
    return rejection("executable", `${quoted} is a program (${type.mime}), not a document; programs cannot be uploaded.`, `detected ${type.ext}`);
  }
  if (type.ext === "pdf") return { status: "detected", kind: "pdf" };
  return rejection("type_not_allowed", `${quoted} is a .${type.ext} file (${type.mime}); only ${ALLOWED_TYPES_TEXT} files can be uploaded.`, `detected ${type.ext}`);
}
