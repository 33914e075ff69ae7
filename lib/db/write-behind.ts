/**
 * Write-behind batches (issue 19 item 8): what requests note in memory — API keys' last use,
 * request-log rows — is written by one timer for all of them, off the request path. Each
 * writer registers its flush once; noting something schedules the shared flush.
 */
type Flush = () => Promise<void>;

/**
 * On globalThis: `npm start` runs Next's bundle and its own scripts in one process, each with
 * its own copy of this module, and the shutdown (scripts/start.ts) must flush what requests
 * noted in the bundle's copy.
 */
const shared = ((globalThis as unknown as { __switchboardWriteBehind?: WriteBehind }).__switchboardWriteBehind ??= {
  flushes: new Map(),
  timer: undefined,
  dueAt: Infinity,
  running: undefined,
});

interface WriteBehind {
  flushes: Map<string, Flush>;
  timer: NodeJS.Timeout | undefined;
  dueAt: number;
  running: Promise<void> | undefined;
}

export function registerFlush(name: string, flush: Flush): void {
  shared.flushes.set(name, flush);
}

/** Runs every registered flush within `delayMs` (the soonest asked for wins). */
export function scheduleFlush(delayMs: number): void {
  const due = Date.now() + delayMs;
  if (shared.timer && due >= shared.dueAt) return;
  if (shared.timer) clearTimeout(shared.timer);
  shared.dueAt = due;
  shared.timer = setTimeout(() => void flushAll(), delayMs).unref();
}

/** Every writer's pending rows, now (tests and shutdown call it; the timer does otherwise). */
export async function flushAll(): Promise<void> {
  if (shared.running) await shared.running;
  if (shared.timer) clearTimeout(shared.timer);
  shared.timer = undefined;
  shared.dueAt = Infinity;
  shared.running = Promise.all([...shared.flushes.values()].map((flush) => flush()))
    .then(() => undefined)
    .finally(() => (shared.running = undefined));
  await shared.running;
}
