import { createHash } from "node:crypto";
import Redis from "ioredis";
import type { RedisLike } from "./redis-like";

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/**
 * A thin adapter from ioredis (Redis over TCP) to the calls @upstash/ratelimit makes.
 *
 * - Commands time out after 500 ms instead of waiting for a Redis that is away, so the
 *   caller falls back to memory rather than hang a request.
 * - The library's scripts start with `#!lua flags=allow-key-locking`, which Redis before 7.4
 *   rejects. The flag only matters on Upstash's cluster, so the shebang is dropped and the
 *   library's script hash is mapped to the stripped script's hash.
 */
export function createIoRedisStore(url: string): RedisLike & { client: Redis } {
  const client = new Redis(url, {
    enableOfflineQueue: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    commandTimeout: 500,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  // Connection errors surface on commands; the event itself must not crash the process.
  client.on("error", () => {});
  const strippedShaOf = new Map<string, string>();
  const flatten = (keys: string[], args: unknown[]) => [keys.length, ...keys, ...(args as (string | number)[])] as const;
  return {
    client,
    evalsha: async (sha, keys, args) => {
      const stripped = strippedShaOf.get(sha);
      if (!stripped) throw new Error("NOSCRIPT No matching script.");
      return client.evalsha(stripped, ...flatten(keys, args)) as never;
    },
    eval: async (script, keys, args) => {
      const body = script.replace(/^#!lua[^\n]*\n/, "");
      const result = await client.eval(body, ...flatten(keys, args));
      strippedShaOf.set(sha1(script), sha1(body));
      return result as never;
    },
    get: (key) => client.get(key) as never,
    set: (key, value) => client.set(key, String(value)),
  };
}
