import { describe, expect, it } from "vitest";
import { inspectUpload, type UploadInspection } from "@/lib/uploads/inspect";
import { UPLOAD_RULES } from "@/lib/uploads/limits";
import { docxParts, EXECUTABLE_HEADERS, forgeDeclaredSize, makeDocx, makePdf, zeros, zip } from "./support/files";

const inspect = (filename: unknown, bytes: Buffer | string) => inspectUpload({ filename, bytes: typeof bytes === "string" ? Buffer.from(bytes) : bytes });

function expectRejected(result: UploadInspection, reason: string, message: RegExp) {
  expect(result).toMatchObject({ status: "rejected", reason });
  if (result.status === "rejected") expect(result.message).toMatch(message);
}

describe("inspectUpload: accepted files", () => {
  it("a PDF is accepted as pdf with our MIME type, its size and SHA-256", async () => {
    const pdf = makePdf();
    const result = await inspect("Quarterly report.pdf", pdf);
    expect(result).toMatchObject({ status: "accepted", kind: "pdf", mime: "application/pdf", safeName: "Quarterly report.pdf", size: pdf.length });
    if (result.status === "accepted") expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("a DOCX is accepted as docx", async () => {
    expect(await inspect("notes.docx", await makeDocx())).toMatchObject({ status: "accepted", kind: "docx", mime: UPLOAD_RULES.docx.mime });
  });

  it("UTF-8 text is accepted as text, markdown or csv by its extension", async () => {
    expect(await inspect("faq.txt", "Opening hours: 9–5, Monday to Friday.\n")).toMatchObject({ kind: "text", mime: "text/plain; charset=utf-8" });
    expect(await inspect("README.md", "# Prices\n\n* Basic: £10\n")).toMatchObject({ kind: "markdown" });
    expect(await inspect("numbers.CSV", "name,number\nSupport,+44 20 7946 0123\n")).toMatchObject({ kind: "csv", safeName: "numbers.CSV" });
    expect(await inspect("bom.txt", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("hi")]))).toMatchObject({ kind: "text" });
  });

  it("harmless inline HTML in Markdown is accepted (it is stripped at extraction)", async () => {
    expect(await inspect("notes.md", "Line one<br>line <b>two</b>\n")).toMatchObject({ status: "accepted", kind: "markdown" });
  });
});

describe("inspectUpload: refusals", () => {
  it("an empty file is refused as empty_file", async () => {
    expectRejected(await inspect("empty.txt", ""), "empty_file", /“empty\.txt” is empty/);
  });

  it.each(Object.entries(EXECUTABLE_HEADERS))("%s bytes named .pdf are refused as executable", async (_label, bytes) => {
    expectRejected(await inspect("invoice.pdf", bytes), "executable", /is a program .* programs cannot be uploaded/);
  });

  it("a file over its type's limit is refused as file_too_large, naming the limit", async () => {
    const text = Buffer.alloc(UPLOAD_RULES.text.maxBytes + 1, "a");
    expectRejected(await inspect("big.txt", text), "file_too_large", /at most 5 MB/);
    const pdf = Buffer.concat([makePdf(), Buffer.alloc(UPLOAD_RULES.pdf.maxBytes, 0x20)]);
    expectRejected(await inspect("big.pdf", pdf), "file_too_large", /at most 20 MB/);
  });

  it("a 6 MB PDF passes the PDF limit but a 6 MB Markdown file does not", async () => {
    const pdf = Buffer.concat([makePdf(), Buffer.alloc(6 * 1024 * 1024, 0x20)]);
    expect(await inspect("six.pdf", pdf)).toMatchObject({ status: "accepted", kind: "pdf" });
    expectRejected(await inspect("six.md", Buffer.alloc(6 * 1024 * 1024, "a")), "file_too_large", /at most 5 MB/);
  });

  it("a PDF named .docx and text named .pdf are refused as extension_mismatch", async () => {
    expectRejected(await inspect("letter.docx", makePdf()), "extension_mismatch", /named as a Word document .* content is a PDF document/);
    expectRejected(await inspect("fake.pdf", "just text"), "extension_mismatch", /named as a PDF document but its content is plain text/);
    expectRejected(await inspect("doc.txt", await makeDocx()), "extension_mismatch", /content is a Word document/);
  });

  it("types outside the allowlist are refused as type_not_allowed, by content and by name", async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]), Buffer.alloc(64)]);
    expectRejected(await inspect("photo.pdf", png), "type_not_allowed", /is a \.png file \(image\/png\)/);
    expectRejected(await inspect("script.js", "alert(1)"), "type_not_allowed", /is a \.js file; only PDF/);
    expectRejected(await inspect("noextension", "hello"), "type_not_allowed", /has no file extension/);
  });

  it("text that merely starts with MZ is text, not a program", async () => {
    expect(await inspect("notes.txt", "MZ-series router notes")).toMatchObject({ status: "accepted", kind: "text" });
  });

  it("binary data or invalid UTF-8 named .txt is refused as invalid_text", async () => {
    expectRejected(await inspect("data.txt", Buffer.from([0x68, 0x69, 0x00, 0x21])), "invalid_text", /binary data/);
    expectRejected(await inspect("latin1.csv", Buffer.from([0x63, 0x61, 0x66, 0xe9])), "invalid_text", /not valid UTF-8/);
  });

  it("SVG is refused as active_content, whatever it is named", async () => {
    const svg = `<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.cookie)</script></svg>`;
    expectRejected(await inspect("logo.svg", svg), "active_content", /SVG images cannot be uploaded/);
    expectRejected(await inspect("logo.txt", svg), "active_content", /SVG/);
    expectRejected(await inspect("plain.md", "<svg><circle r=1 /></svg>"), "active_content", /SVG/);
  });

  it("HTML or XML with script is refused as active_content; markup without script as extension_mismatch", async () => {
    expectRejected(await inspect("page.txt", "<!doctype html><html><body><script>alert(1)</script></body></html>"), "active_content", /HTML with scripts/);
    expectRejected(await inspect("notes.md", "Hello <img src=x onerror=alert(1)>"), "active_content", /HTML with scripts/);
    expectRejected(await inspect("link.md", "[click](javascript:alert(1))"), "active_content", /HTML with scripts/);
    expectRejected(await inspect("entity.md", "[click](&#106;avascript:alert(1))"), "active_content", /HTML with scripts/);
    expectRejected(await inspect("feed.txt", `<?xml version="1.0"?><feed><title>x</title></feed>`), "extension_mismatch", /HTML or XML document/);
  });

  it("a zip bomb (one 200 MB entry of zeros) is refused as zip_bomb from its directory alone", async () => {
    const bomb = await zip([...docxParts(), { name: "word/media/padding.bin", data: () => zeros(200 * 1024 * 1024), level: 1 }]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const started = performance.now();
    expectRejected(await inspect("report.docx", bomb), "zip_bomb", /zip bomb/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("one 20 MB entry of zeros (under the size limits) is refused as zip_bomb on its compression ratio", async () => {
    const result = await inspect("report.docx", await zip([...docxParts(), { name: "word/media/a.bin", data: () => zeros(20 * 1024 * 1024) }]));
    expectRejected(result, "zip_bomb", /zip bomb/);
    if (result.status === "rejected") expect(result.detail).toMatch(/ratio limit 200/);
  });

  it("many entries each under 1 MB are refused as zip_bomb on the whole archive's ratio", async () => {
    const parts = Array.from({ length: 40 }, (_, i) => ({ name: `word/media/part${i}.bin`, data: () => zeros(900 * 1024) }));
    const result = await inspect("report.docx", await zip([...docxParts(), ...parts]));
    expectRejected(result, "zip_bomb", /zip bomb/);
    if (result.status === "rejected") expect(result.detail).toMatch(/ratio limit 100/);
  });

  it("a zip whose directory understates an entry's size is refused as zip_bomb when it inflates past it", async () => {
    const honest = await makeDocx(["x".repeat(3 * 1024 * 1024)]);
    const result = await inspect("report.docx", forgeDeclaredSize(honest, "word/document.xml", 1000));
    expectRejected(result, "zip_bomb", /zip bomb/);
    if (result.status === "rejected") expect(result.detail).toMatch(/too many bytes/);
  });

  it("a DOCX whose text part is over 10 MB of XML is refused as text_too_long before it is parsed", async () => {
    const words = Array.from({ length: 120_000 }, (_, i) => `word${(i * 7919) % 100_003}`).join(" ");
    const result = await inspect("long.docx", await makeDocx(Array.from({ length: 12 }, () => words)));
    expectRejected(result, "text_too_long", /split it into smaller documents/);
  });

  it("more entries than the limit is refused as zip_bomb before any entry is read", async () => {
    const many = Array.from({ length: 1001 }, (_, i) => ({ name: `word/media/${i}.txt`, data: "x" }));
    expectRejected(await inspect("report.docx", await zip([...docxParts(), ...many])), "zip_bomb", /zip bomb/);
  });

  it("a DOCX with a VBA project is refused as macros", async () => {
    const docm = await makeDocx(["Hello"], [{ name: "word/vbaProject.bin", data: Buffer.from("d0cf11e0a1b11ae1", "hex") }]);
    expectRejected(await inspect("invoice.docx", docm), "macros", /macros cannot be uploaded/);
  });

  it("a macro-enabled document (.docm content type) renamed .docx is refused as macros", async () => {
    const docm = await zip(docxParts(["Hello"], "application/vnd.ms-word.document.macroEnabled.main+xml"));
    expectRejected(await inspect("invoice.docx", docm), "macros", /macros/);
  });

  it("a DOCX with an archive inside is refused as nested_archive, by name or by bytes", async () => {
    const inner = await zip([{ name: "a.txt", data: "a" }]);
    const byName = await makeDocx(["Hello"], [{ name: "word/embeddings/Microsoft_Excel_Worksheet.xlsx", data: inner }]);
    expectRejected(await inspect("report.docx", byName), "nested_archive", /another archive/);
    const byBytes = await makeDocx(["Hello"], [{ name: "word/media/image1.png", data: inner, compress: false }]);
    expectRejected(await inspect("report.docx", byBytes), "nested_archive", /another archive/);
  });

  it("a DOCX with an embedded OLE object is refused as active_content", async () => {
    const docx = await makeDocx(["Hello"], [{ name: "word/embeddings/oleObject1.bin", data: Buffer.alloc(64, 1) }]);
    expectRejected(await inspect("report.docx", docx), "active_content", /embedded objects/);
  });

  it("a ZIP that is not a Word document is refused as type_not_allowed; a broken one as invalid_archive", async () => {
    const plainZip = await zip([{ name: "hello.txt", data: "hello" }]);
    expectRejected(await inspect("archive.docx", plainZip), "type_not_allowed", /not a Word document/);
    expectRejected(await inspect("broken.docx", plainZip.subarray(0, plainZip.length - 10)), "invalid_archive", /damaged/);
  });

  it("a ZIP entry escaping with ../ is refused as invalid_archive", async () => {
    const evil = await makeDocx(["Hello"], [{ name: "word/x.xml", data: "<x/>" }]);
    const traversal = Buffer.from(evil.toString("latin1").replaceAll("word/x.xml", "../../x.xml"), "latin1");
    expectRejected(await inspect("evil.docx", traversal), "invalid_archive", /damaged or unsupported/);
  });
});

describe("inspectUpload: file names", () => {
  it("../../etc/passwd is reduced to its last segment, then refused for having no allowed extension", async () => {
    expectRejected(await inspect("../../etc/passwd", "root:x:0:0"), "type_not_allowed", /^“passwd” has no file extension/);
    expect(await inspect("..\\..\\windows\\notes.txt", "hi")).toMatchObject({ status: "accepted", safeName: "notes.txt" });
  });

  it("a NUL byte is removed, so the extension checked is the one that remains", async () => {
    expectRejected(await inspect("report.pdf\u0000.exe", makePdf()), "type_not_allowed", /“report\.pdf\.exe” is a \.exe file/);
    expect(await inspect("notes\u0000.txt", "hi")).toMatchObject({ status: "accepted", safeName: "notes.txt" });
  });

  it("a right-to-left override is removed, so 'invoice‮fdp.exe' is checked (and shown) as .exe", async () => {
    expectRejected(await inspect("invoice\u202Efdp.exe", makePdf()), "type_not_allowed", /“invoicefdp\.exe” is a \.exe file/);
  });

  it("a full-width extension is normalised (NFKC) before it is compared", async () => {
    expect(await inspect("report．ｐｄｆ", makePdf())).toMatchObject({ status: "accepted", kind: "pdf", safeName: "report.pdf" });
  });
});

describe("inspectUpload: cost stays linear in the file size", () => {
  it.each([
    ["unclosed tags", "<a ".repeat(1_500_000)],
    ["handler-like runs", "<a o".repeat(1_000_000)],
    ["spaced script schemes", "j a v a ".repeat(500_000)],
    ["entity prefixes", `&#${"0".repeat(4_000_000)}`],
  ])("4 MB of %s is judged in under 2 s", async (_label, text) => {
    const started = performance.now();
    await inspect("notes.md", text);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
