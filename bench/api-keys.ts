import { generateKey } from "../lib/api-keys/format";
import { buildIfStale } from "../scripts/lib/build-if-stale";
import { startAppServer } from "./lib/app-server";
import { measure, printTable } from "./lib/load";

/**
 * An authenticated, scoped, rate-limited read (GET /api/v1/phone-numbers with a valid key)
 * against the trivial /api route, and a flood of malformed keys (refused before any database
 * work). Targets: ≥ 50 % and ≥ 90 % of the trivial route's throughput.
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
buildIfStale();
const key = generateKey("live", "sk");
const server = await startAppServer(3291, { DEMO_LIVE_KEY: key, SEED_DEMO: "true" });
try {
  const trivial = await measure("trivial /api/health/live", `${server.url}/api/health/live`, { seconds });
  const valid = await measure("GET /api/v1/phone-numbers, valid key", `${server.url}/api/v1/phone-numbers`, { seconds, headers: { "x-api-key": key } });
  const malformed = await measure("malformed keys", `${server.url}/api/v1/phone-numbers`, { seconds, headers: { "x-api-key": "sb_live_sk_not-a-real-key-at-all-000000000000000" } });
  console.log(`database: ${server.database}`);
  printTable([trivial, valid, malformed]);
  const ratio = (r: { requestsPerSecond: number }) => r.requestsPerSecond / trivial.requestsPerSecond;
  console.log(`valid key read keeps ${(ratio(valid) * 100).toFixed(1)} % of the trivial route (target ≥ 50 %) — ${ratio(valid) >= 0.5 ? "PASS" : "MISS"}`);
  console.log(`malformed keys keep ${(ratio(malformed) * 100).toFixed(1)} % (target ≥ 90 %) — ${ratio(malformed) >= 0.9 ? "PASS" : "MISS"}`);
  if (valid.non2xx > 0) console.log(`note: ${valid.non2xx} non-2xx answers in the valid-key run`);
} finally {
  await server.stop();
}
