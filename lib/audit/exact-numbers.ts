/**
 * Whether every number in a JSON text is exactly the double JavaScript parses it to.
 *
 * The audit hash covers `changes` as JSON.parse returns it, so two stored texts that parse
 * to the same value hash the same. Rows are only ever written from JavaScript values
 * (JSON.stringify's shortest round-trip decimals, which jsonb keeps digit for digit), so a
 * stored number that is not exactly a double, such as 12345678901234567890 or 1e400, was
 * not written by the app. Verification treats it as tampering instead of letting it pass
 * as the double it rounds to.
 *
 * Most rows have only short numbers, and the fast path decides those with one scan.
 *
 * The verification worker (verify-batch.ts) carries a copy of this function in its source;
 * test/unit/audit-exact-numbers.test.ts holds the two to each other.
 */
export function exactJsonNumbers(text: string): boolean {
  // Fast path: a number of at most 15 characters without an exponent has at most 15
  // significant digits and lies within 1e-14..1e15, so it is exactly the double it reads as.
  if (!/[0-9.]{16}|\d[eE]/.test(text)) return true;
  const token = /"(?:[^"\\]|\\.)*"|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;
  const normal = (s: string): string | null => {
    const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(s);
    if (m === null) return null;
    let digits = (m[2] + (m[3] ?? "")).replace(/^0+/, "");
    let exp = Number(m[4] ?? 0) - (m[3] ?? "").length;
    if (digits === "") return "0";
    while (digits.endsWith("0")) {
      digits = digits.slice(0, -1);
      exp++;
    }
    return `${m[1]}${digits}e${exp}`;
  };
  for (let m = token.exec(text); m !== null; m = token.exec(text)) {
    if (m[1] === undefined) continue;
    const value = Number(m[1]);
    if (!Number.isFinite(value) || normal(m[1]) !== normal(String(value))) return false;
  }
  return true;
}
