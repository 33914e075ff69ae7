/**
 * Display names for uploaded files. Files are stored under a generated id, so a name never
 * reaches a path; it is still cleaned so that what the uploader sees is what was checked:
 * the extension we compare with the content is the one left after the clean-up, with no
 * hidden characters reversing it ("invoice\u202Efdp.exe" shows as "invoiceexe.pdf").
 * Names are sanitised, not refused: a bad name on a good file is not an attack by itself.
 */

export const FALLBACK_FILENAME = "upload";
/** In UTF-8 bytes: fits every common file system and a Content-Disposition header. */
export const MAX_FILENAME_BYTES = 200;

const MAX_INPUT_CHARS = 4096;
const MAX_EXTENSION_CHARS = 16;

// Controls (C0, DEL, C1), format characters (bidi overrides and isolates, zero-width joiners
// and spaces, soft hyphen, BOM, Unicode tag characters), lone surrogates, private-use and
// unassigned code points: invisible or unpredictable in a name, so none is kept.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/gu;
// "/" and "\" plus look-alikes that NFKC leaves alone (division, fraction and big solidus).
const PATH_SEPARATORS = /[/\\\u2215\u2044\u29f8\u29f9]/;
// Not allowed in Windows names; ":" would also name an NTFS alternate data stream.
const WINDOWS_FORBIDDEN = /[<>:"|?*]/g;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9]|conin\$|conout\$)(\.|$)/i;

export function sanitiseFilename(raw: unknown): string {
  if (typeof raw !== "string") return FALLBACK_FILENAME;
  // NFKC first: it turns full-width "．．／" into "../", which the next steps then remove.
  const normalised = raw.slice(0, MAX_INPUT_CHARS).normalize("NFKC").replace(INVISIBLE, "");
  const segments = normalised.split(PATH_SEPARATORS);
  let name = (segments[segments.length - 1] ?? "")
    .replace(WINDOWS_FORBIDDEN, "_")
    .replace(/\s+/gu, " ")
    // Leading dots hide files and spell "..", trailing dots and spaces are dropped by Windows.
    .replace(/^[.\s]+/u, "")
    .replace(/[.\s]+$/u, "");
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  name = truncateKeepingExtension(name, MAX_FILENAME_BYTES);
  return name === "" ? FALLBACK_FILENAME : name;
}

/** The lower-case extension of an already sanitised name, without the dot. */
export function fileExtension(safeName: string): string | undefined {
  const dot = safeName.lastIndexOf(".");
  if (dot <= 0 || dot === safeName.length - 1) return undefined;
  return safeName.slice(dot + 1).toLowerCase();
}

const utf8Length = (text: string) => Buffer.byteLength(text, "utf8");

function truncateKeepingExtension(name: string, maxBytes: number): string {
  if (utf8Length(name) <= maxBytes) return name;
  const dot = name.lastIndexOf(".");
  const hasShortExtension = dot > 0 && name.length - dot - 1 <= MAX_EXTENSION_CHARS;
  const suffix = hasShortExtension ? name.slice(dot) : "";
  const budget = maxBytes - utf8Length(suffix);
  let stem = "";
  let used = 0;
  // Whole code points only, so a cut never leaves half a surrogate pair.
  for (const char of hasShortExtension ? name.slice(0, dot) : name) {
    used += utf8Length(char);
    if (used > budget) break;
    stem += char;
  }
  return (stem.replace(/[.\s]+$/u, "") + suffix).replace(/^[.\s]+/u, "");
}
