import { randomBytes } from "node:crypto";
import { Ratelimit } from "@upstash/ratelimit";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { resetConfigForTests } from "@/lib/config";
import { FallbackStore } from "@/lib/security/rate-limit/fallback-store";
import { createIoRedisStore } from "@/lib/security/rate-limit/ioredis-store";
import {
  checkRateLimit,
  pingRateLimitStore,
  rateLimitStoreStatus,
  resetRateLimitsForTests,
} from "@/lib/security/rate-limit/limiter";
import { MemoryRedis } from "@/lib/security/rate-limit/memory-store";
import type { RedisLike } from "@/lib/security/rate-limit/redis-like";
import { first } from "../support/items";

const REDIS_URL = process.env.REDIS_URL;

function limiter(store: RedisLike, tokens: number, window: `${number} s`) {
  return new Ratelimit({
    redis: store as never,
    limiter: Ratelimit.slidingWindow(tokens, window),
    prefix: `sb:test:${randomBytes(4).toString("hex")}`,
    ephemeralCache: false,
  });
}

async function outcomes(store: RedisLike, count: number): Promise<boolean[]> {
  const rl = limiter(store, 5, "60 s");
  const results: boolean[] = [];
  for (let i = 0; i < count; i++) results.push((await rl.limit("203.0.113.1")).success);
  return results;
}

/** getRemaining twice, then limit, getRemaining, limit, getRemaining: reads must not count. */
async function remainingThenLimits(store: RedisLike): Promise<number[]> {
  const rl = limiter(store, 5, "60 s");
  const seen: number[] = [];
  seen.push((await rl.getRemaining("ip")).remaining, (await rl.getRemaining("ip")).remaining);
  await rl.limit("ip");
  seen.push((await rl.getRemaining("ip")).remaining);
  await rl.limit("ip");
  seen.push((await rl.getRemaining("ip")).remaining, (await rl.getRemaining("ip")).remaining);
  return seen;
}

describe("memory store", () => {
  it("runs the library's sliding window: 5 pass, the 6th is refused", async () => {
    expect(await outcomes(new MemoryRedis(), 7)).toEqual([true, true, true, true, true, false, false]);
  });

  it("counts identifiers separately", async () => {
    const rl = limiter(new MemoryRedis(), 1, "60 s");
    expect((await rl.limit("a")).success).toBe(true);
    expect((await rl.limit("b")).success).toBe(true);
    expect((await rl.limit("a")).success).toBe(false);
  });

  it("weights the previous window as the window slides", async () => {
    let now = 1_000_000_000_000 - (1_000_000_000_000 % 60_000); // start of a window
    const store = new MemoryRedis(() => now);
    const args = (t: number) => [5, t, 60_000, 1];
    for (let i = 0; i < 5; i++) await store.eval(SLIDING_SCRIPT, ["k:1", "k:0"], args(now));
    now += 60_000 + 30_000; // halfway through the next window: half of 5 still counts
    const keys = ["k:2", "k:1"];
    const results: number[] = [];
    for (let i = 0; i < 4; i++) results.push(first((await store.eval(SLIDING_SCRIPT, keys, args(now))) as number[], "remaining tokens"));
    expect(results.map((r) => r >= 0)).toEqual([true, true, true, false]);
  });

  it("answers the library's getRemaining without counting (the gate's check of sign-in failures)", async () => {
    expect(await remainingThenLimits(new MemoryRedis())).toEqual([5, 5, 4, 3, 3]);
  });

  it("refuses scripts it does not implement instead of guessing", async () => {
    await expect(new MemoryRedis().eval("return 1", [], [])).rejects.toThrow(/unsupported/);
  });
});

// The text the library sends for the sliding window (recognised by MemoryRedis).
const SLIDING_SCRIPT = `local requestsInPreviousWindow = 0 local newValue = redis.call("INCRBY", currentKey, incrementBy)`;

describe.runIf(REDIS_URL)("Redis store (real Redis at REDIS_URL)", () => {
  const redis = REDIS_URL ? createIoRedisStore(REDIS_URL) : undefined;
  afterAll(() => redis?.client.disconnect());

  it("enforces the same sliding window as the memory store", async () => {
    const viaRedis = await outcomes(redis!, 7);
    expect(viaRedis).toEqual(await outcomes(new MemoryRedis(), 7));
    expect(viaRedis).toEqual([true, true, true, true, true, false, false]);
  });

  it("answers getRemaining as the memory store does", async () => {
    expect(await remainingThenLimits(redis!)).toEqual(await remainingThenLimits(new MemoryRedis()));
  });

  it("shares counts between two clients, as two app instances would", async () => {
    const other = createIoRedisStore(REDIS_URL!);
    try {
      const prefix = `sb:test:${randomBytes(4).toString("hex")}`;
      const make = (store: RedisLike) =>
        new Ratelimit({ redis: store as never, limiter: Ratelimit.slidingWindow(3, "60 s"), prefix, ephemeralCache: false });
      const a = make(redis!);
      const b = make(other);
      const results = [await a.limit("ip"), await b.limit("ip"), await a.limit("ip"), await b.limit("ip")];
      expect(results.map((r) => r.success)).toEqual([true, true, true, false]);
    } finally {
      other.client.disconnect();
    }
  });
});

describe("fallback when Redis is unreachable", () => {
  afterEach(async () => {
    delete process.env.REDIS_URL_OVERRIDE;
    await resetRateLimitsForTests();
    resetConfigForTests();
  });

  it("limits keep working from memory, no request fails, and the switch is reported", async () => {
    const events: string[] = [];
    const dead = createIoRedisStore("redis://127.0.0.1:1");
    try {
      const store = new FallbackStore(dead, new MemoryRedis(), (e) => events.push(e));
      const results = await outcomes(store, 6);
      expect(results).toEqual([true, true, true, true, true, false]);
      expect(events).toEqual(["fallback"]);
      expect(store.usingFallback).toBe(true);
    } finally {
      dead.client.disconnect();
    }
  });

  it("the app's limiter answers from memory and health reports the store down", async () => {
    const saved = process.env.REDIS_URL;
    process.env.REDIS_URL = "redis://127.0.0.1:1";
    process.env.RATE_LIMIT_API_REQUESTS = "2";
    resetConfigForTests();
    await resetRateLimitsForTests();
    try {
      const started = Date.now();
      const results = [];
      for (let i = 0; i < 3; i++) results.push((await checkRateLimit("api", "198.51.100.1")).success);
      expect(results).toEqual([true, true, false]);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(rateLimitStoreStatus()).toEqual({ kind: "redis", degraded: true });
      expect(await pingRateLimitStore()).toEqual({ kind: "redis", reachable: false });
    } finally {
      if (saved === undefined) delete process.env.REDIS_URL;
      else process.env.REDIS_URL = saved;
      delete process.env.RATE_LIMIT_API_REQUESTS;
    }
  });
});
