/**
 * The canonical JSON the audit chain hashes (docs/security/audit-verification.md §2). Written
 * here again, not imported from lib/audit: the verifier trusts nothing of the server, and an
 * independent copy held to the server's by test/unit/audit-verifier.test.ts is what a
 * customer reimplementing it does too.
 *
 * Objects: keys sorted by UTF-16 code units, no whitespace; strings and numbers exactly as
 * ECMAScript's JSON.stringify writes them; arrays in order. (For the values an audit row
 * holds this is RFC 8785, JSON Canonicalization Scheme.)
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const keys = Object.keys(value as Record<string, unknown>).sort();
    const record = value as Record<string, unknown>;
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * Whether every number in a JSON text is exactly the double it parses to. The server writes
 * `changes` only from JavaScript values, so a number such as 12345678901234567890 (which
 * parses to a rounded double) was not written by it: accepting it would let an edited text
 * hash like the original. Strings are skipped whole, so their digits never count.
 */
export function exactJsonNumbers(text: string): boolean {
  if (!/[0-9.]{16}|\d[eE]/.test(text)) return true;
  const token = /"(?:[^"\\]|\\.)*"|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;
  for (let m = token.exec(text); m !== null; m = token.exec(text)) {
    if (m[1] === undefined) continue;
    const value = Number(m[1]);
    if (!Number.isFinite(value) || normalNumber(m[1]) !== normalNumber(String(value))) return false;
  }
  return true;
}

/** A decimal as `<sign><digits without leading or trailing zeros>e<exponent>`, to compare two spellings. */
function normalNumber(s: string): string | null {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (m === null) return null;
  let digits = `${m[2]}${m[3] ?? ""}`.replace(/^0+/, "");
  let exp = Number(m[4] ?? 0) - (m[3] ?? "").length;
  if (digits === "") return "0";
  while (digits.endsWith("0")) {
    digits = digits.slice(0, -1);
    exp++;
  }
  return `${m[1]}${digits}e${exp}`;
}
