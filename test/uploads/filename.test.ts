import { describe, expect, it } from "vitest";
import { fileExtension, MAX_FILENAME_BYTES, sanitiseFilename } from "@/lib/uploads/filename";

describe("sanitiseFilename (display names: sanitised, never refused)", () => {
  it("path components and ../ are dropped, whichever separator", () => {
    expect(sanitiseFilename("../../etc/passwd")).toBe("passwd");
    expect(sanitiseFilename("C:\\Users\\eve\\..\\report.pdf")).toBe("report.pdf");
    expect(sanitiseFilename("/var/www/../../shell.php")).toBe("shell.php");
    expect(sanitiseFilename("a∕b⁄c.txt")).toBe("c.txt");
  });

  it("full-width dots and slashes become ../ under NFKC and are dropped with the path", () => {
    expect(sanitiseFilename("．．／．．／etc／passwd")).toBe("passwd");
    expect(sanitiseFilename("ﬁnance ＲＥＰＯＲＴ.pdf")).toBe("finance REPORT.pdf");
  });

  it("NUL and other control characters are removed", () => {
    expect(sanitiseFilename("report.pdf\u0000.exe")).toBe("report.pdf.exe");
    expect(sanitiseFilename("a\u0001b\u007fc\u0085d.txt")).toBe("abcd.txt");
  });

  it("bidi overrides, isolates, zero-width and tag characters are removed", () => {
    expect(sanitiseFilename("invoice\u202Efdp.exe")).toBe("invoicefdp.exe");
    expect(sanitiseFilename("x\u2066y\u2069z\u200b\u200d\ufeff.txt")).toBe("xyz.txt");
    expect(sanitiseFilename("notes\u{E0041}\u{E0042}.md")).toBe("notes.md");
  });

  it("Windows-reserved device names are prefixed, forbidden characters replaced", () => {
    expect(sanitiseFilename("CON.txt")).toBe("_CON.txt");
    expect(sanitiseFilename("nul")).toBe("_nul");
    expect(sanitiseFilename("com1.pdf")).toBe("_com1.pdf");
    expect(sanitiseFilename("LPT¹.csv")).toBe("_LPT1.csv");
    expect(sanitiseFilename("console.txt")).toBe("console.txt");
    expect(sanitiseFilename('a<b>:c"|?*.txt')).toBe("a_b__c____.txt");
    expect(sanitiseFilename("file.txt:secret")).toBe("file.txt_secret");
  });

  it("leading dots and trailing dots and spaces are trimmed; whitespace runs become one space", () => {
    expect(sanitiseFilename(".htaccess")).toBe("htaccess");
    expect(sanitiseFilename("report.pdf. . ")).toBe("report.pdf");
    expect(sanitiseFilename("a \t\n  b.txt")).toBe("a b.txt");
  });

  it("long names are cut to the byte cap on a code-point boundary, keeping the extension", () => {
    const ascii = sanitiseFilename(`${"a".repeat(500)}.pdf`);
    expect(Buffer.byteLength(ascii)).toBeLessThanOrEqual(MAX_FILENAME_BYTES);
    expect(ascii).toMatch(/^a+\.pdf$/);
    const emoji = sanitiseFilename(`${"😀".repeat(100)}.txt`);
    expect(Buffer.byteLength(emoji)).toBeLessThanOrEqual(MAX_FILENAME_BYTES);
    expect(emoji.endsWith(".txt")).toBe(true);
    expect(emoji.isWellFormed()).toBe(true);
  });

  it("nothing left, or not a string, gives the fallback name", () => {
    for (const raw of ["", "../", "...", "\u202E\u0000", "   ", 42, undefined, null]) expect(sanitiseFilename(raw)).toBe("upload");
  });

  it("fileExtension is the lower-case text after the last dot of a sanitised name", () => {
    expect(fileExtension("Report.PDF")).toBe("pdf");
    expect(fileExtension("archive.tar.gz")).toBe("gz");
    expect(fileExtension("README")).toBeUndefined();
    expect(fileExtension("trailing.")).toBeUndefined();
  });
});
