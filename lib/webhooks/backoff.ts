/**
 * Retry schedule (SPEC §4): exponential (×3 from one minute, capped at 12 hours) with ±15 %
 * jitter. Eleven attempts in all — the first plus ten retries — spread over about 2¼ days:
 * 1 m, 3 m, 9 m, 27 m, 81 m, 4 h, then 12 h four times.
 */
export const MAX_ATTEMPTS = 11;
const BASE_MS = 60_000;
const CAP_MS = 12 * 3_600_000;

/** The delay before attempt `attempt + 1`, after `attempt` attempts have failed (1-based). */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(CAP_MS, BASE_MS * 3 ** (attempt - 1));
  return Math.round(base * (0.85 + 0.3 * random()));
}
