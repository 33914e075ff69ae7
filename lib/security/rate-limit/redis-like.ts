/**
 * The slice of a Redis client that @upstash/ratelimit calls. Each store (memory, Redis over
 * TCP, Upstash REST) provides it, so the sliding-window algorithm is the library's in every
 * mode.
 */
export interface RedisLike {
  evalsha<TArgs extends unknown[], TData = unknown>(sha: string, keys: string[], args: TArgs): Promise<TData>;
  eval<TArgs extends unknown[], TData = unknown>(script: string, keys: string[], args: TArgs): Promise<TData>;
  get<TData = string>(key: string): Promise<TData | null>;
  set(key: string, value: unknown, opts?: unknown): Promise<unknown>;
}

export type StoreKind = "memory" | "redis" | "upstash";
