/**
 * Write-behind batches (issue 19 item 8): what requests note in memory — API keys' last use,
 * request-log rows — is written by one timer for all of them, off the request path. Each
 * writer registers its flush once; noting something schedules the shared flush.
 */
import { registerProcessFlush } from "../core/process-flushes";

type Flush = () => Promise<void>;

const flushes = new Map<string, Flush>();
let timer: NodeJS.Timeout | undefined;
let dueAt = Infinity;
let running: Promise<void> | undefined;

export function registerFlush(name: string, flush: Flush): void {
  flushes.set(name, flush);
}

/** Runs every registered flush within `delayMs` (the soonest asked for wins). */
export function scheduleFlush(delayMs: number): void {
  const due = Date.now() + delayMs;
  if (timer && due >= dueAt) return;
  if (timer) clearTimeout(timer);
  dueAt = due;
  timer = setTimeout(() => void flushAll(), delayMs).unref();
}

/** Every writer's pending rows, now (tests and shutdown call it; the timer does otherwise). */
export async function flushAll(): Promise<void> {
  if (running) await running;
  if (timer) clearTimeout(timer);
  timer = undefined;
  dueAt = Infinity;
  running = Promise.all([...flushes.values()].map((flush) => flush())).then(() => undefined).finally(() => (running = undefined));
  await running;
}

// This copy's rows are written at shutdown too, whichever copy the shutdown imported (lib/core/process-flushes.ts).
registerProcessFlush(flushAll);
