import type { RedisLike } from "./redis-like";

const RETRY_PRIMARY_AFTER_MS = 5_000;

/**
 * Wraps a shared store (Redis, Upstash) so that its failure never fails a request: while it
 * is unreachable, limits are counted in process memory, and the switch is reported once in
 * each direction. Limits stay enforced per instance during the outage instead of failing
 * open everywhere.
 */
export class FallbackStore implements RedisLike {
  private downSince: number | null = null;

  constructor(
    private readonly primary: RedisLike,
    private readonly fallback: RedisLike,
    private readonly report: (event: "fallback" | "recovered", error?: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {}

  get usingFallback(): boolean {
    return this.downSince !== null;
  }

  private async run<T>(call: (store: RedisLike) => Promise<T>): Promise<T> {
    if (this.downSince !== null && this.now() - this.downSince < RETRY_PRIMARY_AFTER_MS) {
      return call(this.fallback);
    }
    try {
      const result = await call(this.primary);
      if (this.downSince !== null) {
        this.downSince = null;
        this.report("recovered");
      }
      return result;
    } catch (error) {
      // NOSCRIPT is the normal first-call answer of evalsha; the library then sends eval.
      if (String(error).includes("NOSCRIPT")) throw error;
      if (this.downSince === null) this.report("fallback", error);
      this.downSince = this.now();
      return call(this.fallback);
    }
  }

  evalsha<TArgs extends unknown[], TData = unknown>(sha: string, keys: string[], args: TArgs): Promise<TData> {
    return this.run((s) => s.evalsha<TArgs, TData>(sha, keys, args));
  }
  eval<TArgs extends unknown[], TData = unknown>(script: string, keys: string[], args: TArgs): Promise<TData> {
    return this.run((s) => s.eval<TArgs, TData>(script, keys, args));
  }
  get<TData = string>(key: string): Promise<TData | null> {
    return this.run((s) => s.get<TData>(key));
  }
  set(key: string, value: unknown, opts?: unknown): Promise<unknown> {
    return this.run((s) => s.set(key, value, opts));
  }
}
