/**
 * `Retry-After` on a 429 or 503 (decision 050): delta-seconds or an HTTP date. It can only
 * push the next attempt later than our own schedule, never sooner (a receiver answering
 * `Retry-After: 1` to every attempt must not burn all eleven attempts in eleven seconds), and
 * by at most RETRY_AFTER_MAX_MS (the longest gap of our own schedule), so a receiver cannot
 * park a delivery for ever. Anything unparsable is ignored.
 */
export const RETRY_AFTER_MAX_MS = 12 * 3_600_000;

/** The wait a `Retry-After` header asks for, in ms, or null when it asks nothing we can read. */
export function retryAfterMs(header: string | string[] | undefined, now: Date): number | null {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return null;
  if (/^\d{1,10}$/.test(value)) return Number(value) * 1000;
  // An HTTP date (IMF-fixdate and the obsolete forms): it names a month, so it has letters —
  // Date.parse would read "-5" or "2027" as a year.
  if (!/[a-z]/i.test(value)) return null;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}

/** The delay before the next attempt: our backoff, unless the receiver asked for later (bounded). */
export function nextDelayMs(backoffMs: number, statusCode: number | null, header: string | string[] | undefined, now: Date): number {
  if (statusCode !== 429 && statusCode !== 503) return backoffMs;
  const asked = retryAfterMs(header, now);
  if (asked === null) return backoffMs;
  return Math.max(backoffMs, Math.min(asked, RETRY_AFTER_MAX_MS));
}
