/**
 * What each copy of a buffering module holds in memory (write-behind rows, coalesced security
 * events), flushed at shutdown. Next bundles those modules into several chunks, so one process
 * holds several copies, each with its own state; `scripts/start.ts` imports yet another copy.
 * The state stays per copy (sharing it let one copy's registration replace another's, and
 * rows went unwritten); only this list of flush functions lives on globalThis, so a shutdown
 * reaches every copy.
 */
type Flush = () => Promise<void>;

const slot = globalThis as unknown as { __switchboardProcessFlushes?: Set<Flush> };

/** Called once per module copy, at load. */
export function registerProcessFlush(flush: Flush): void {
  (slot.__switchboardProcessFlushes ??= new Set()).add(flush);
}

/** Every copy's flush; a failing one does not stop the others. Answers how many failed. */
export async function flushEveryCopy(): Promise<number> {
  const results = await Promise.allSettled([...(slot.__switchboardProcessFlushes ?? [])].map((flush) => flush()));
  return results.filter((r) => r.status === "rejected").length;
}
