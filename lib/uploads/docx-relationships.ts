import { rejection, type UploadRejection } from "./errors";

/**
 * External references in a DOCX (issue 16 item 15). A package's relationships
 * (`…/_rels/*.rels`) name the parts a document uses; with `TargetMode="External"` the target
 * is a URL or a UNC path instead, and Word fetches it when the document is opened: an
 * attached template (`settings.xml.rels`), a linked image, an OLE link, a frame, a
 * subdocument, an alternative-format chunk. That is a tracking beacon, a leak of the opener's
 * Windows credentials to an SMB server, or the first step of an exploit (CVE-2017-0199 and
 * CVE-2022-30190 "Follina" were external oleObject and template links), served to whichever
 * teammate downloads the file. Such documents are refused, like macros.
 *
 * Decided: **hyperlinks stay allowed.** A hyperlink relationship to an http(s) or mailto
 * address is an ordinary link in the text: Word opens it only when the reader clicks it,
 * exactly like a link in a PDF or a Markdown file, and knowledge-base documents are full of
 * them. To stop that exception from being borrowed, a hyperlink is allowed only when
 * - its type is exactly the hyperlink relationship type (transitional or strict),
 * - its target is a plain http, https or mailto address (no UNC, `file:`, backslashes or
 *   spaces: those reach SMB or another handler when clicked), and
 * - its part uses the relationship only as a hyperlink (`w:hyperlink`, `a:hlinkClick`…):
 *   an image or object that points at the hyperlink's id would otherwise be fetched.
 *
 * Relationships parts are read the way Word reads them, not the way they were meant to be:
 * part names are case-insensitive and may be percent-encoded, XML may be UTF-16, and
 * attribute values may use character references. What this reader cannot be sure of (a DTD,
 * another encoding, a `TargetMode` it did not parse, duplicate ids, a relationships content
 * type in `[Content_Types].xml` for a part not named as one) is refused, never guessed.
 */

const RELATIONSHIPS_TYPE = "application/vnd.openxmlformats-package.relationships+xml";
const HYPERLINK_TYPES = new Set([
  "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
  "http://purl.oclc.org/ooxml/officeDocument/relationships/hyperlink",
]);
/** Where a part may refer to a hyperlink relationship: WordprocessingML and DrawingML links. */
const HYPERLINK_ELEMENTS = new Set(["hyperlink", "hlinkclick", "hlinkhover", "hlinkmouseover"]);
const SAFE_LINK = /^(?:https?:\/\/|mailto:)[^\s\\\u0000-\u001f\u007f]+$/i;
// A start tag's attributes. No `<` inside: XML forbids it in attribute values, and stopping
// there keeps every match to one tag, so hostile text costs linear time, not quadratic.
const TAG_BODY = `((?:[^<>"']|"[^<"]*"|'[^<']*')*)`;
// One attribute. It starts only after a space or a quote (or at the start), never inside a
// run of name characters, so a megabyte-long run is tried once, not at each of its characters.
const ATTRIBUTE = /(?<=^|[\s"'])(?:[\w.-]+:)?([\w.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
// Absolute targets, whatever TargetMode says: a scheme (`http:`, `file:`, `c:`), or a
// network path (`//host`, `\\host`).
const ABSOLUTE_TARGET = /^(?:[a-z][a-z0-9+.-]*:|[\\/]{2})/i;

const REFUSAL =
  "This document links to files elsewhere (an attached template, a linked picture or object), which Word would fetch when a teammate opens it. Break the links (File › Info › Edit Links to Files), detach the template (Developer › Document Template), save it and upload it again.";
export const UNCHECKABLE = "This Word document has a structure that could not be checked for links to other servers; open it in Word, save it as a .docx and upload it again.";

export interface PackagePart {
  name: string;
  content: Buffer;
}

export interface Relationship {
  id: string;
  type: string;
  target: string;
  targetMode: string | null;
}

/** A ZIP entry name as the part name Word resolves: percent-decoded, lower case. */
export function partKey(name: string): string {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    /* not percent-encoded text: used as it is */
  }
  return decoded.replace(/^\/+/, "").toLowerCase();
}

/** `word/_rels/document.xml.rels` → `word/document.xml`; `_rels/.rels` → "" (the package). */
function sourceOf(relsKey: string): string | null {
  const match = /^(.*?)_rels\/([^/]*)\.rels$/.exec(relsKey);
  return match ? `${match[1]}${match[2]}` : null;
}

/** Relationships parts by name, as Word finds them: `_rels/` folders and `.rels` files, any case. */
export function isRelationshipPart(name: string): boolean {
  const key = partKey(name);
  return /(^|\/)_rels\//.test(key) || key.endsWith(".rels");
}

/**
 * A relationships content type that `[Content_Types].xml` gives to a part not named like one
 * (an Override), or to an extension other than .rels (a Default). Word never writes either;
 * rather than read every part so named as relationships, such a package is refused.
 */
export function unusualRelationshipDeclaration(contentTypes: string): string | null {
  for (const tag of contentTypes.matchAll(new RegExp(`<(?:[\\w.-]+:)?(Override|Default)\\b${TAG_BODY}>`, "gi"))) {
    const attributes = attributesOf(tag[2] ?? "");
    if (attributes.get("contenttype")?.toLowerCase() !== RELATIONSHIPS_TYPE) continue;
    const partName = attributes.get("partname");
    const extension = attributes.get("extension");
    if (partName !== undefined && !/(^|\/)_rels\/[^/]*\.rels$/.test(partKey(partName))) return `relationships declared for ${partName.slice(0, 80)}`;
    if (extension !== undefined && extension.toLowerCase() !== "rels") return `relationships declared for .${extension.slice(0, 20)} files`;
  }
  return null;
}

/** XML bytes as text: UTF-8 or UTF-16 (by BOM or by the first `<`), nothing else. */
export function decodeXml(bytes: Buffer): string | null {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = bytes.subarray(2).toString("utf16le");
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = Buffer.from(bytes.subarray(2)).swap16().toString("utf16le");
  else if (bytes[0] === 0x3c && bytes[1] === 0x00) text = bytes.toString("utf16le");
  else if (bytes[0] === 0x00 && bytes[1] === 0x3c) text = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2))).swap16().toString("utf16le");
  else text = bytes.toString("utf8").replace(/^\uFEFF/, "");
  if (text.includes("\u0000")) return null;
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']*)["']/i.exec(text)?.[1]?.toLowerCase();
  if (declared !== undefined && !["utf-8", "utf8", "utf-16", "utf16", "unicode"].includes(declared)) return null;
  return text;
}

const NAMED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/** Attributes by lower-case local name (prefixes dropped), values decoded and trimmed. */
function attributesOf(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const m of source.matchAll(ATTRIBUTE)) {
    const name = (m[1] ?? "").toLowerCase();
    if (!attributes.has(name)) attributes.set(name, decodeEntities(m[2] ?? m[3] ?? "").replace(/\s+/g, " ").trim());
  }
  return attributes;
}

/** The relationships of one part, or why they cannot be read with confidence. */
export function parseRelationships(text: string): Relationship[] | { unreadable: string } {
  if (/<!(?:DOCTYPE|ENTITY)/i.test(text)) return { unreadable: "a DTD" };
  const relationships: Relationship[] = [];
  let modes = 0;
  for (const tag of text.matchAll(new RegExp(`<(?:[\\w.-]+:)?Relationship\\b${TAG_BODY}>`, "gi"))) {
    const attributes = attributesOf(tag[1] ?? "");
    if (attributes.has("targetmode")) modes++;
    relationships.push({
      id: attributes.get("id") ?? "",
      type: attributes.get("type") ?? "",
      target: attributes.get("target") ?? "",
      targetMode: attributes.get("targetmode") ?? null,
    });
  }
  // A TargetMode this reader did not see in a Relationship element is one Word might.
  if ((text.match(/TargetMode/gi)?.length ?? 0) !== modes) return { unreadable: "a TargetMode outside a relationship" };
  const ids = relationships.map((r) => r.id);
  if (new Set(ids).size !== ids.length) return { unreadable: "duplicate relationship ids" };
  return relationships;
}

function isExternal(relationship: Relationship): boolean {
  return relationship.targetMode?.toLowerCase() === "external" || ABSOLUTE_TARGET.test(relationship.target);
}

/** The first use of these relationship ids by anything but a hyperlink element, if any. */
function misusedHyperlink(source: string, ids: Set<string>): string | null {
  for (const tag of source.matchAll(new RegExp(`<(?:[\\w.-]+:)?([\\w.-]+)${TAG_BODY}>`, "g"))) {
    const element = (tag[1] ?? "").toLowerCase();
    for (const m of (tag[2] ?? "").matchAll(ATTRIBUTE)) {
      const value = decodeEntities(m[2] ?? m[3] ?? "").trim();
      if (!ids.has(value)) continue;
      if (!HYPERLINK_ELEMENTS.has(element) || (m[1] ?? "").toLowerCase() !== "id") return `${element} ${m[1] ?? ""}="${value}"`;
    }
  }
  return null;
}

export interface ExternalLinkCheck {
  /** Refused outright, or the hyperlinks to confirm against the parts that own them. */
  rejection?: UploadRejection;
  hyperlinks: Map<string, Set<string>>;
}

/**
 * Judges the relationships parts: any external relationship but a plain hyperlink is refused;
 * the hyperlinks are returned by source part, to be confirmed with `confirmHyperlinks`.
 */
export function checkRelationshipParts(parts: PackagePart[]): ExternalLinkCheck {
  const hyperlinks = new Map<string, Set<string>>();
  for (const part of parts) {
    const text = decodeXml(part.content);
    if (text === null) return { rejection: rejection("external_reference", UNCHECKABLE, `${part.name}: not UTF-8 or UTF-16 XML`), hyperlinks };
    const parsed = parseRelationships(text);
    if (!Array.isArray(parsed)) return { rejection: rejection("external_reference", UNCHECKABLE, `${part.name}: ${parsed.unreadable}`), hyperlinks };
    const source = sourceOf(partKey(part.name));
    for (const relationship of parsed) {
      const mode = relationship.targetMode?.toLowerCase();
      if (mode !== undefined && mode !== "internal" && mode !== "external") {
        return { rejection: rejection("external_reference", UNCHECKABLE, `${part.name}: TargetMode "${relationship.targetMode}"`), hyperlinks };
      }
      if (!isExternal(relationship)) continue;
      const isPlainHyperlink = HYPERLINK_TYPES.has(relationship.type) && SAFE_LINK.test(relationship.target) && source !== null && source !== "";
      if (!isPlainHyperlink) {
        const type = relationship.type.split("/").pop() ?? relationship.type;
        return { rejection: rejection("external_reference", REFUSAL, `${part.name}: ${type} → ${relationship.target.slice(0, 120)}`), hyperlinks };
      }
      const ids = hyperlinks.get(source) ?? new Set<string>();
      ids.add(relationship.id);
      hyperlinks.set(source, ids);
    }
  }
  return { hyperlinks };
}

/** The source parts of external hyperlinks must use them only as hyperlinks. */
export function confirmHyperlinks(hyperlinks: Map<string, Set<string>>, sources: PackagePart[]): UploadRejection | undefined {
  for (const [source, ids] of hyperlinks) {
    const copies = sources.filter((part) => partKey(part.name) === source);
    if (copies.length === 0) return rejection("external_reference", UNCHECKABLE, `hyperlinks of a missing part ${source}`);
    for (const copy of copies) {
      const text = decodeXml(copy.content);
      if (text === null) return rejection("external_reference", UNCHECKABLE, `${copy.name}: not UTF-8 or UTF-16 XML`);
      const misuse = misusedHyperlink(text, ids);
      if (misuse) return rejection("external_reference", REFUSAL, `${copy.name}: a hyperlink relationship used by ${misuse.slice(0, 100)}`);
    }
  }
  return undefined;
}
