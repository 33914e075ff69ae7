import { createHash } from "node:crypto";
import type { RedisLike } from "./redis-like";

type ScriptImpl = (store: MemoryRedis, keys: string[], args: unknown[]) => unknown;

/**
 * An in-process stand-in for Redis that runs the sliding-window script of
 * @upstash/ratelimit in JavaScript (the library keeps its algorithm in Lua). The script is
 * recognised by its text on first `eval`; any other script is refused loudly so that a
 * library upgrade that changes the algorithm cannot silently weaken a limit (a test checks
 * this store against a real Redis).
 */
export class MemoryRedis implements RedisLike {
  private readonly values = new Map<string, { value: number | string; expiresAt: number }>();
  private readonly scripts = new Map<string, ScriptImpl>();
  private lastSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async evalsha<TArgs extends unknown[], TData = unknown>(sha: string, keys: string[], args: TArgs): Promise<TData> {
    const impl = this.scripts.get(sha);
    if (!impl) throw new Error("NOSCRIPT No matching script.");
    return impl(this, keys, args) as TData;
  }

  async eval<TArgs extends unknown[], TData = unknown>(script: string, keys: string[], args: TArgs): Promise<TData> {
    const impl = recognise(script);
    this.scripts.set(createHash("sha1").update(script).digest("hex"), impl);
    return impl(this, keys, args) as TData;
  }

  async get<TData = string>(key: string): Promise<TData | null> {
    return (this.read(key) as TData | undefined) ?? null;
  }

  async set(key: string, value: unknown): Promise<unknown> {
    this.values.set(key, { value: value as string, expiresAt: Number.POSITIVE_INFINITY });
    return "OK";
  }

  read(key: string): number | string | undefined {
    const entry = this.values.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.values.delete(key);
      return undefined;
    }
    return entry.value;
  }

  incrBy(key: string, by: number): number {
    const current = Number(this.read(key) ?? 0);
    const entry = this.values.get(key);
    const next = current + by;
    this.values.set(key, { value: next, expiresAt: entry?.expiresAt ?? Number.POSITIVE_INFINITY });
    return next;
  }

  pexpire(key: string, ms: number): void {
    const entry = this.values.get(key);
    if (entry) entry.expiresAt = this.now() + ms;
    this.sweep();
  }

  get size(): number {
    return this.values.size;
  }

  private sweep(): void {
    const now = this.now();
    if (now - this.lastSweep < 10_000) return;
    this.lastSweep = now;
    for (const [key, entry] of this.values) if (entry.expiresAt <= now) this.values.delete(key);
  }
}

/** JS twin of @upstash/ratelimit's single-region sliding-window `limit` script. */
const slidingWindowLimit: ScriptImpl = (store, keys, args) => {
  const [currentKey, previousKey, dynamicLimitKey] = keys;
  if (currentKey === undefined || previousKey === undefined) throw new Error("sliding-window script: needs the current and previous window keys");
  const tokens = Number(args[0]);
  const now = Number(args[1]);
  const window = Number(args[2]);
  const incrementBy = Number(args[3]);
  let effectiveLimit = tokens;
  if (dynamicLimitKey) {
    const dynamic = store.read(dynamicLimitKey);
    if (dynamic !== undefined) effectiveLimit = Number(dynamic);
  }
  const current = Number(store.read(currentKey) ?? 0);
  const previousRaw = Number(store.read(previousKey) ?? 0);
  const percentageInCurrent = (now % window) / window;
  const previous = Math.floor((1 - percentageInCurrent) * previousRaw);
  if (incrementBy > 0 && previous + current >= effectiveLimit) return [-1, effectiveLimit];
  const newValue = store.incrBy(currentKey, incrementBy);
  if (newValue === incrementBy) store.pexpire(currentKey, window * 2 + 1000);
  return [effectiveLimit - (newValue + previous), effectiveLimit];
};

/** JS twin of the library's single-region sliding-window `getRemaining` script: reads, never counts. */
const slidingWindowRemaining: ScriptImpl = (store, keys, args) => {
  const [currentKey, previousKey, dynamicLimitKey] = keys;
  if (currentKey === undefined || previousKey === undefined) throw new Error("sliding-window script: needs the current and previous window keys");
  const tokens = Number(args[0]);
  const now = Number(args[1]);
  const window = Number(args[2]);
  let effectiveLimit = tokens;
  if (dynamicLimitKey) {
    const dynamic = store.read(dynamicLimitKey);
    if (dynamic !== undefined) effectiveLimit = Number(dynamic);
  }
  const current = Number(store.read(currentKey) ?? 0);
  const previousRaw = Number(store.read(previousKey) ?? 0);
  const previous = Math.floor((1 - (now % window) / window) * previousRaw);
  return [effectiveLimit - (previous + current), effectiveLimit];
};

function recognise(script: string): ScriptImpl {
  const isSlidingWindowRemaining =
    script.includes("requestsInPreviousWindow") &&
    script.includes("local usedTokens = requestsInPreviousWindow + requestsInCurrentWindow") &&
    !script.includes("INCRBY") &&
    !script.includes("HGETALL");
  if (isSlidingWindowRemaining) return slidingWindowRemaining;
  const isSlidingWindowLimit =
    script.includes("requestsInPreviousWindow") &&
    script.includes('"INCRBY", currentKey') &&
    !script.includes("HGETALL");
  if (isSlidingWindowLimit) return slidingWindowLimit;
  throw new Error("MemoryRedis: unsupported rate-limit script (only the sliding window's limit and getRemaining are implemented)");
}
