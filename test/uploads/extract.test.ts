import { describe, expect, it } from "vitest";
import { UploadRefused } from "@/lib/uploads/errors";
import { extractText } from "@/lib/uploads/extract";
import { EXTRACTION_LIMITS } from "@/lib/uploads/limits";
import { processUpload } from "@/lib/uploads/pipeline";
import { makeDocx, makePdf } from "./support/files";

const notConfigured = { config: { clamdTimeoutMs: 1000 } };

describe("extractText", () => {
  it("reads the text of a PDF", async () => {
    const text = await extractText({ kind: "pdf", safeName: "a.pdf" }, makePdf(["Opening hours", "Monday to Friday (9-5)"]));
    expect(text).toContain("Opening hours");
    expect(text).toContain("Monday to Friday (9-5)");
  });

  it("reads the paragraphs of a DOCX", async () => {
    const text = await extractText({ kind: "docx", safeName: "a.docx" }, await makeDocx(["First paragraph", "Second & last"]));
    expect(text).toBe("First paragraph\n\nSecond & last");
  });

  it("returns text, Markdown and CSV as written, without a BOM, markup stripped", async () => {
    const bytes = Buffer.from("\uFEFFname,note\nSupport,<b>24/7</b>\n");
    expect(await extractText({ kind: "csv", safeName: "a.csv" }, bytes)).toBe("name,note\nSupport,24/7");
    expect(await extractText({ kind: "markdown", safeName: "a.md" }, Buffer.from("# Title\n\nBody <i>text</i>"))).toBe("# Title\n\nBody text");
  });

  it("sanitises markup that was only text inside a DOCX", async () => {
    const text = await extractText({ kind: "docx", safeName: "a.docx" }, await makeDocx(["Hi <script>alert(1)</script> there", "<img src=x onerror=alert(1)>"]));
    expect(text).toBe("Hi  there");
  });

  it("a parser past its deadline or its heap limit is stopped, and the file refused with the reason", async () => {
    const bounds = { ...EXTRACTION_LIMITS, timeoutMs: 1 };
    const slow = await extractText({ kind: "pdf", safeName: "a.pdf" }, makePdf(["Opening hours"]), bounds).catch((e: unknown) => e);
    expect(slow).toMatchObject({ reason: "unreadable", message: expect.stringMatching(/took more than 0.001 seconds/) });
    // A document whose DOM needs more than 32 MB: the worker dies, this process does not.
    const large = await makeDocx(Array.from({ length: 20_000 }, (_, i) => `Paragraph ${i} with some words to fill the document`));
    const heavy = await extractText({ kind: "docx", safeName: "a.docx" }, large, { ...EXTRACTION_LIMITS, maxHeapMb: 32 }).catch((e: unknown) => e);
    expect(heavy).toMatchObject({ reason: "unreadable", message: expect.stringMatching(/took more than 32 MB of memory/) });
    // Within the real bounds the same document reads.
    expect(await extractText({ kind: "docx", safeName: "a.docx" }, large)).toContain("Paragraph 19999 with some words");
  });

  it("a damaged PDF is refused as unreadable", async () => {
    const broken = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(200, 0x41)]);
    const error = await extractText({ kind: "pdf", safeName: "a.pdf" }, broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadRefused);
    expect(error).toMatchObject({ reason: "unreadable", message: expect.stringMatching(/could not be read/) });
  });
});

describe("processUpload without clamd configured", () => {
  it("accepts a PDF marked not_scanned, with its sanitised text", async () => {
    const result = await processUpload({ filename: "../guide.pdf", bytes: makePdf(["Call us <script>x</script>today"]) }, notConfigured);
    expect(result).toMatchObject({ status: "accepted", kind: "pdf", safeName: "guide.pdf", scan: "not_scanned" });
    if (result.status === "accepted") expect(result.text).toBe("Call us today");
  });

  it("returns the inspection's rejection without scanning or parsing", async () => {
    expect(await processUpload({ filename: "x.pdf", bytes: Buffer.from("MZ\x90\x00") }, notConfigured)).toMatchObject({ status: "rejected", reason: "executable" });
  });
});
