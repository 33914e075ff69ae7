import { docxParts, zip, type ZipEntrySpec } from "./files";

/**
 * DOCX packages with relationships (issue 16 item 15): attached templates, linked pictures,
 * hyperlinks, built as Word writes them so each test changes one thing.
 */

export const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships";

export interface RelSpec {
  id: string;
  /** The last segment of the type URI (`attachedTemplate`), or a full URI. */
  type: string;
  target: string;
  mode?: "External" | "Internal" | string;
}

/** A relationships part: `<Relationships>` with one element per spec. */
export function relsXml(rels: RelSpec[]): string {
  const element = (r: RelSpec) =>
    `<Relationship Id="${r.id}" Type="${r.type.includes("/") ? r.type : `${REL}/${r.type}`}" Target="${r.target}"${r.mode ? ` TargetMode="${r.mode}"` : ""}/>`;
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${PKG_RELS}">${rels.map(element).join("")}</Relationships>`;
}

/** A document body (inner XML of `<w:body>`), in a document part with the r: and a: prefixes bound. */
export function documentXml(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}" xmlns:r="${REL}" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>${body}</w:body></w:document>`;
}

export const paragraph = (text: string) => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
export const hyperlink = (id: string, text: string) => `<w:p><w:hyperlink r:id="${id}"><w:r><w:t>${text}</w:t></w:r></w:hyperlink></w:p>`;
/** A picture whose bytes live at relationship `id` (`r:link`: fetched; `r:embed`: inside the package). */
export const picture = (id: string, how: "link" | "embed" = "link") =>
  `<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="Picture 1"/><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:${how}="${id}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`;

/** settings.xml naming its attached template by relationship id (Word's own layout). */
export const settingsXml = (id: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings xmlns:w="${W}" xmlns:r="${REL}"><w:attachedTemplate r:id="${id}"/></w:settings>`;

export interface LinkedDocx {
  body?: string;
  documentRels?: RelSpec[] | string;
  settingsRels?: RelSpec[] | string;
  /** Parts added as they are (an odd relationships part, a picture). */
  extra?: ZipEntrySpec[];
  contentTypes?: (xml: string) => string;
}

/** A DOCX with the given document body and relationships parts. */
export function linkedDocx(spec: LinkedDocx = {}): Promise<Buffer> {
  const parts = docxParts().map((part): ZipEntrySpec => {
    if (part.name === "word/document.xml") return { ...part, data: documentXml(spec.body ?? paragraph("Opening hours: nine to five.")) };
    if (part.name === "[Content_Types].xml" && spec.contentTypes) return { ...part, data: spec.contentTypes(String(part.data)) };
    return part;
  });
  const asXml = (rels: RelSpec[] | string) => (typeof rels === "string" ? rels : relsXml(rels));
  if (spec.documentRels) parts.push({ name: "word/_rels/document.xml.rels", data: asXml(spec.documentRels) });
  if (spec.settingsRels) {
    parts.push({ name: "word/settings.xml", data: settingsXml("rId1") });
    parts.push({ name: "word/_rels/settings.xml.rels", data: asXml(spec.settingsRels) });
  }
  return zip([...parts, ...(spec.extra ?? [])]);
}
