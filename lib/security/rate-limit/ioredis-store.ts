import Redis from "ioredis";
import type { RedisLike } from "./redis-like";

/**
 * A thin adapter from ioredis (Redis over TCP) to the calls @upstash/ratelimit makes.
 * Commands fail fast instead of queueing while Redis is away, so the caller can fall back
 * to memory rather than hang a request.
 */
export function createIoRedisStore(url: string): RedisLike & { client: Redis } {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    commandTimeout: 500,
    lazyConnect: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  // Connection errors surface on commands; the event itself must not crash the process.
  client.on("error", () => {});
  return {
    client,
    evalsha: (sha, keys, args) => client.evalsha(sha, keys.length, ...keys, ...(args as (string | number)[])) as never,
    eval: (script, keys, args) => client.eval(script, keys.length, ...keys, ...(args as (string | number)[])) as never,
    get: (key) => client.get(key) as never,
    set: (key, value) => client.set(key, String(value)),
  };
}
