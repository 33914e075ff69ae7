/**
 * Removes credential- and phone-shaped substrings from free text before it is logged or
 * reported. Deliberately greedy: a false positive costs a log line's detail, a false
 * negative leaks a secret.
 */
const PATTERNS: [RegExp, string][] = [
  // Switchboard API keys (sb_live_sk_…), webhook secrets (whsec_…), Stripe-style keys.
  [/\bsb_(?:live|test)_(?:sk|pk)_[A-Za-z0-9]{8,}/g, "[api-key]"],
  [/\bwhsec_[A-Za-z0-9_-]{8,}/g, "[webhook-secret]"],
  [/\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{8,}/g, "[key]"],
  [/\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi, "Bearer [redacted]"],
  // JWTs (three base64url segments).
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, "[jwt]"],
];

// Phone numbers: 7+ digits, optionally with +, spaces, dots, dashes or brackets between.
// ISO dates and times (2026-11-22, 22:05:30) are the one shape let through.
const PHONE_LIKE = /\+?\d(?:[\s().-]*\d){6,}/g;
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}(?::\d{2}){0,2})?$/;

// UUIDs (row ids, request ids) are ids, not numbers: their digit runs are left alone. The
// split keeps them whole, so a number written right beside one is still caught.
const UUID = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i;

const scrubNumbers = (text: string) => text.replace(PHONE_LIKE, (match) => (DATE_LIKE.test(match.trim()) ? match : "[number]"));

export function scrubText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  // split() with a capturing group alternates: text, uuid, text, uuid, …
  return out
    .split(UUID)
    .map((part, i) => (i % 2 === 1 ? part : scrubNumbers(part)))
    .join("");
}
