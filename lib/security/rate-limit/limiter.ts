import { Ratelimit } from "@upstash/ratelimit";
import { Redis as UpstashRedis } from "@upstash/redis";
import { config } from "../../config";
import { AppError } from "../../core/errors";
import { log } from "../../log/logger";
import { FallbackStore } from "./fallback-store";
import { createIoRedisStore } from "./ioredis-store";
import { MemoryRedis } from "./memory-store";
import { policies, type Policy, type PolicyName } from "./policies";
import type { RedisLike, StoreKind } from "./redis-like";

export interface RateLimitResult {
  success: boolean;
  limit: number;
  remaining: number;
  /** Unix ms when the current window ends. */
  reset: number;
}

interface LimiterState {
  kind: StoreKind;
  store: RedisLike;
  fallback?: FallbackStore;
  limiters: Map<string, Ratelimit>;
  ping?: () => Promise<unknown>;
  close?: () => Promise<void>;
}

const globalForLimits = globalThis as unknown as { __switchboardLimits?: LimiterState };

function createState(): LimiterState {
  const c = config();
  const memory = new MemoryRedis();
  const report = (kind: StoreKind) => (event: "fallback" | "recovered", error?: unknown) => {
    if (event === "fallback") {
      log().warn({ store: kind, err: error }, "rate-limit store unreachable; counting in memory");
    } else {
      log().info({ store: kind }, "rate-limit store reachable again");
    }
  };
  if (c.UPSTASH_REDIS_REST_URL && c.UPSTASH_REDIS_REST_TOKEN) {
    const upstash = new UpstashRedis({ url: c.UPSTASH_REDIS_REST_URL, token: c.UPSTASH_REDIS_REST_TOKEN });
    const fallback = new FallbackStore(upstash as unknown as RedisLike, memory, report("upstash"));
    return { kind: "upstash", store: fallback, fallback, limiters: new Map(), ping: () => upstash.ping() };
  }
  if (c.REDIS_URL) {
    const redis = createIoRedisStore(c.REDIS_URL);
    const fallback = new FallbackStore(redis, memory, report("redis"));
    return {
      kind: "redis",
      store: fallback,
      fallback,
      limiters: new Map(),
      ping: () => redis.client.ping(),
      close: async () => void redis.client.disconnect(),
    };
  }
  return { kind: "memory", store: memory, limiters: new Map() };
}

function state(): LimiterState {
  globalForLimits.__switchboardLimits ??= createState();
  return globalForLimits.__switchboardLimits;
}

function limiterFor(name: string, policy: Policy): Ratelimit {
  const s = state();
  const cacheKey = `${name}:${policy.requests}/${policy.windowSeconds}`;
  let limiter = s.limiters.get(cacheKey);
  if (!limiter) {
    limiter = new Ratelimit({
      redis: s.store as never,
      limiter: Ratelimit.slidingWindow(policy.requests, `${policy.windowSeconds} s`),
      prefix: `sb:rl:${name}`,
      analytics: false,
      // Every instance must see the same counts; a local block cache would outlive a reset.
      ephemeralCache: false,
      timeout: 1_000,
    });
    s.limiters.set(cacheKey, limiter);
  }
  return limiter;
}

export async function checkRateLimit(name: PolicyName, identifier: string): Promise<RateLimitResult> {
  const policy = policies()[name];
  const { success, limit, remaining, reset } = await limiterFor(name, policy).limit(identifier);
  return { success, limit, remaining: Math.max(0, remaining), reset };
}

/**
 * Reads the identifier's standing against the policy without counting anything (the
 * library's getRemaining): for limits counted elsewhere, such as sign-in failures, which
 * the gate checks before next-auth reads the body and verifyUserPassword counts once the
 * password turned out wrong. `success` is whether one more request would be let through.
 */
export async function peekRateLimit(name: PolicyName, identifier: string): Promise<RateLimitResult> {
  const policy = policies()[name];
  const { remaining, limit, reset } = await limiterFor(name, policy).getRemaining(identifier);
  return { success: remaining > 0, limit, remaining: Math.max(0, remaining), reset };
}

/** IETF RateLimit-* headers, plus Retry-After when the request is refused. */
export function rateLimitHeaders(result: RateLimitResult, now = Date.now()): Record<string, string> {
  const resetSeconds = Math.max(1, Math.ceil((result.reset - now) / 1000));
  const headers: Record<string, string> = {
    "RateLimit-Limit": String(result.limit),
    "RateLimit-Remaining": String(result.remaining),
    "RateLimit-Reset": String(resetSeconds),
  };
  if (!result.success) headers["Retry-After"] = String(resetSeconds);
  return headers;
}

/** Throws RATE_LIMITED (429 with Retry-After) when the identifier is over the policy. */
export async function assertRateLimit(name: PolicyName, identifier: string): Promise<RateLimitResult> {
  const result = await checkRateLimit(name, identifier);
  if (!result.success) {
    const headers = rateLimitHeaders(result);
    throw new AppError("RATE_LIMITED", undefined, {
      retryAfterSeconds: Number(headers["Retry-After"]),
      headers,
    });
  }
  return result;
}

export function rateLimitStoreStatus(): { kind: StoreKind; degraded: boolean } {
  const s = state();
  return { kind: s.kind, degraded: s.fallback?.usingFallback ?? false };
}

export const resetRateLimitsForTests = (): Promise<void> => closeRateLimitStore();

/** Shutdown: closes the connection to the shared store (on globalThis, so every bundle copy's). */
export async function closeRateLimitStore(): Promise<void> {
  const s = globalForLimits.__switchboardLimits;
  delete globalForLimits.__switchboardLimits;
  await s?.close?.();
}

/** Probes the shared store (memory is always reachable). */
export async function pingRateLimitStore(): Promise<{ kind: StoreKind; reachable: boolean }> {
  const s = state();
  if (s.kind === "memory") return { kind: "memory", reachable: true };
  try {
    await s.ping!();
    return { kind: s.kind, reachable: true };
  } catch {
    return { kind: s.kind, reachable: false };
  }
}
