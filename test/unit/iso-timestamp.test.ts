import fc from "fast-check";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { isoTimestamp } from "@/lib/export/pg-cursor";
import { present } from "../support/items";

// The call export's driver path turns PostgreSQL's timestamptz text straight into ISO text;
// the Prisma path goes through a Date. Both must print the same.
const viaDate = (text: string) => (pg.types.getTypeParser(1184, "text")(text) as Date).toISOString();

/** timestamptz(3) as PostgreSQL prints it with TimeZone UTC, DateStyle ISO: trailing zeros of the fraction dropped. */
function pgText(date: Date): string {
  const [day, time] = date.toISOString().slice(0, -1).split("T");
  return `${day} ${present(time, "the time of an ISO timestamp").replace(/\.?0+$/, "")}+00`;
}

describe("isoTimestamp", () => {
  it("prints what Date#toISOString prints, for any millisecond instant in years 1000–9999", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("1000-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59.999Z"), noInvalidDate: true }), (date) => {
        const text = pgText(date);
        expect(isoTimestamp(text)).toBe(date.toISOString());
        expect(isoTimestamp(text)).toBe(viaDate(text));
      }),
      { numRuns: 5_000 },
    );
  });

  it.each(["2026-10-01 00:00:00+00", "2026-10-01 12:34:56.7+00", "2026-10-01 12:34:56.78+00", "2026-10-01 12:34:56.789+00"])("%s", (text) => {
    expect(isoTimestamp(text)).toBe(viaDate(text));
  });

  it.each(["0999-12-31 23:59:59.5+00", "10000-01-01 00:00:00+00", "2026-10-01 12:34:56.123456+00", "2026-10-01 14:34:56.1+02", "0044-03-15 12:00:00+00 BC"])(
    "leaves unusual text to the Date parser: %s",
    (text) => {
      expect(isoTimestamp(text)).toBe(viaDate(text));
    },
  );
});
