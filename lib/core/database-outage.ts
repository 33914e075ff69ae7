/**
 * When this process last saw the database unreachable (issue 22). The pool notes every
 * connection it could not make or lost (lib/db/adapter.ts); the HTTP server reads it to answer
 * a page that failed during an outage with 503 and Retry-After rather than 500 (a server
 * component cannot choose its status). On globalThis, since Next bundles its own copy of
 * this module apart from the server's. Times are performance.now(): monotonic, sub-millisecond.
 */
const slot = globalThis as unknown as { __switchboardDatabaseUnavailableAt?: number };

/** A point in time to compare an outage with. */
export const outageMark = (): number => performance.now();

export function noteDatabaseUnavailable(): void {
  slot.__switchboardDatabaseUnavailableAt = performance.now();
}

/** Whether the database was seen unreachable after `mark` (from outageMark()). */
export function databaseUnavailableSince(mark: number): boolean {
  const at = slot.__switchboardDatabaseUnavailableAt;
  return at !== undefined && at > mark;
}
