import { stringify } from "csv-stringify/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvLine } from "@/lib/export/csv-line";

// The call export writes PostgreSQL rows with csvLine and PGlite rows with csv-stringify: the
// two must give the same bytes for anything a record can hold.
const cell = fc.oneof(
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: fc.constantFrom(",", '"', "\n", "\r", "a", " ", "•", "'", "=") }),
  fc.integer(),
  fc.double({ noNaN: false }),
  fc.constantFrom("", "0", "true", "false", null, undefined),
);

describe("csvLine", () => {
  it("writes a record exactly as csv-stringify does with default options", () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 12 }), (record) => {
        expect(csvLine(record)).toBe(stringify([record]));
      }),
      { numRuns: 2_000 },
    );
  });

  it("quotes commas, quotes and line breaks, and doubles quotes", () => {
    expect(csvLine(["a,b", 'say "hi"', "x\ny", "x\ry", 42, "", null])).toBe('"a,b","say ""hi""","x\ny","x\ry",42,,\n');
  });
});
