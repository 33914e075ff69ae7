import { Readable } from "node:stream";
import yazl from "yazl";

/**
 * Files for the upload tests, generated rather than committed: each is a few hundred bytes,
 * and the hostile ones (a zip bomb, EICAR) would trip scanners on the repository itself.
 */

/** The 68-byte EICAR test file, assembled at run time so no source file contains it. */
export function eicarBytes(): Buffer {
  return Buffer.from(["X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR", "-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"].join(""), "latin1");
}

/** A one-page PDF with `lines` of Helvetica text. */
export function makePdf(lines: string[] = ["Hello from a PDF"]): Buffer {
  return makePdfPages([lines]);
}

/** A PDF with one page per entry of `pages`, and a correct cross-reference table. */
export function makePdfPages(pages: string[][]): Buffer {
  const escape = (text: string) => text.replace(/[\\()]/g, (c) => `\\${c}`);
  const fontId = 3 + pages.length * 2;
  const pageId = (i: number) => 3 + i * 2;
  const pageIds = pages.map((_, i) => pageId(i));
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pages.length} >>`,
    ...pages.flatMap((lines, i) => {
      const stream = ["BT /F1 10 Tf 50 760 Td 12 TL", ...lines.map((l) => `(${escape(l)}) '`), "ET"].join("\n");
      return [
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${pageId(i) + 1} 0 R /Resources << /Font << /F1 ${fontId} 0 R >> >> >>`,
        `<< /Length ${Buffer.byteLength(stream, "latin1")} >>\nstream\n${stream}\nendstream`,
      ];
    }),
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  const header = "%PDF-1.4\n";
  const parts: string[] = [header];
  let length = header.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(length);
    const object = `${i + 1} 0 obj\n${body}\nendobj\n`;
    parts.push(object);
    length += Buffer.byteLength(object, "latin1");
  });
  parts.push(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`);
  parts.push(`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`);
  return Buffer.from(parts.join(""), "latin1");
}

const WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";

export interface ZipEntrySpec {
  name: string;
  data: Buffer | string | (() => Readable);
  compress?: boolean;
  /** zlib level; 1 deflates a stream of zeros 2–3× faster than the default. */
  level?: number;
}

export function zip(entries: ZipEntrySpec[]): Promise<Buffer> {
  const file = new yazl.ZipFile();
  for (const entry of entries) {
    const options = entry.level === undefined ? { compress: entry.compress ?? true, mtime: new Date(0) } : { compressionLevel: entry.level, mtime: new Date(0) };
    if (typeof entry.data === "function") file.addReadStream(entry.data(), entry.name, options);
    else file.addBuffer(Buffer.from(entry.data), entry.name, options);
  }
  file.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    file.outputStream.on("data", (c: Buffer) => chunks.push(c)).on("end", () => resolve(Buffer.concat(chunks))).on("error", reject);
  });
}

export function docxParts(paragraphs: string[] = ["Hello from a DOCX"], mainContentType = WORD_MAIN): ZipEntrySpec[] {
  const xml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  return [
    {
      name: "[Content_Types].xml",
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="${mainContentType}"/></Types>`,
    },
    {
      name: "_rels/.rels",
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
    },
    {
      name: "word/document.xml",
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${xml(p)}</w:t></w:r></w:p>`).join("")}</w:body></w:document>`,
    },
  ];
}

export function makeDocx(paragraphs?: string[], extra: ZipEntrySpec[] = []): Promise<Buffer> {
  return zip([...docxParts(paragraphs), ...extra]);
}

/** `total` bytes of zeros as a stream of one reused buffer: megabytes without the memory. */
export function zeros(total: number, chunk = 1024 * 1024): Readable {
  const block = Buffer.alloc(chunk);
  let left = total;
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const size = Math.min(chunk, left);
      left -= size;
      this.push(size === chunk ? block : block.subarray(0, size));
    },
  });
}

/**
 * Rewrites the uncompressed size the central directory declares for `entryName`, leaving the
 * compressed data alone: a zip that lies about how far it expands.
 */
export function forgeDeclaredSize(archive: Buffer, entryName: string, declared: number): Buffer {
  const out = Buffer.from(archive);
  for (let at = out.indexOf("PK\x01\x02", 0, "latin1"); at !== -1; at = out.indexOf("PK\x01\x02", at + 4, "latin1")) {
    const nameLength = out.readUInt16LE(at + 28);
    if (out.toString("utf8", at + 46, at + 46 + nameLength) === entryName) {
      out.writeUInt32LE(declared, at + 24);
      return out;
    }
  }
  throw new Error(`no central directory record for ${entryName}`);
}

/** Headers of real executables, padded: enough for magic-byte detection. */
export const EXECUTABLE_HEADERS = {
  "Windows PE": Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"), Buffer.alloc(56), Buffer.from("This program cannot be run in DOS mode", "latin1")]),
  ELF: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120)]),
  "Mach-O": Buffer.concat([Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 0x07, 0x00, 0x00, 0x01]), Buffer.alloc(120)]),
};
