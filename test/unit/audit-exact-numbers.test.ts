import { describe, expect, it } from "vitest";
import { exactJsonNumbers } from "@/lib/audit/exact-numbers";
import { VERIFY_WORKER_SOURCE } from "@/lib/audit/verify-batch";

/** The worker's own copy, taken out of its source. */
function workerCopy(): (text: string) => boolean {
  const start = VERIFY_WORKER_SOURCE.indexOf("function exactJsonNumbers(");
  const end = VERIFY_WORKER_SOURCE.indexOf("\nfunction isoTime(");
  expect(start).toBeGreaterThan(0);
  return new Function(`${VERIFY_WORKER_SOURCE.slice(start, end)}\nreturn exactJsonNumbers;`)() as (text: string) => boolean;
}

// What jsonb gives back for what JSON.stringify wrote (jsonb writes exponents out in full).
const WRITTEN = [
  '{"a": 1, "b": -0.5, "c": 0.1}',
  '{"big": 1000000000000000000000, "small": 0.0000001, "int": 12345678901234, "max": 9007199254740991}',
  '{"exp": 2.5e-300, "neg": -1.7976931348623157e+308, "zero": 0, "list": [1, 2.75, [3]]}',
  '{"digits in text": "12345678901234567890 and 1e400", "escaped": "\\"1e400\\"", "n": 12345678901234567000}',
  "null",
];
// What only a hand edit of the table can produce.
const FORGED = ['{"n": 12345678901234567890}', '{"n": 32.0000000000000001}', '{"b": 1e400}', '{"a": [1, -1e999]}', '{"x": 0.30000000000000001}'];

describe("exactJsonNumbers", () => {
  const worker = workerCopy();
  it.each(WRITTEN)("accepts what the app writes: %s", (text) => {
    expect(exactJsonNumbers(text)).toBe(true);
    expect(worker(text)).toBe(true);
  });
  it.each(FORGED)("refuses a number that is not exactly a double: %s", (text) => {
    expect(exactJsonNumbers(text)).toBe(false);
    expect(worker(text)).toBe(false);
  });
  it("round-trips every value JSON.stringify writes for a spread of doubles", () => {
    for (let i = 0; i < 2000; i++) {
      const value = (Math.random() - 0.5) * 10 ** Math.floor(Math.random() * 600 - 300);
      const text = JSON.stringify({ value });
      expect(exactJsonNumbers(text), text).toBe(true);
    }
  });
});
