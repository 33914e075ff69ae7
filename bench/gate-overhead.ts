import { buildIfStale } from "../scripts/lib/build-if-stale";
import { startAppServer } from "./lib/app-server";
import { measure, printTable, type LoadResult } from "./lib/load";

/**
 * What the request gate (proxy.ts: nonce, CSP, headers, request id, per-IP rate limit)
 * costs: a trivial page and a trivial /api route, with the gate on and with its work
 * switched off (BENCH_DISABLE_GATE). Target: the gate costs under 15 % of throughput.
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
buildIfStale();

async function run(label: string, env: Record<string, string>): Promise<[page: LoadResult, api: LoadResult]> {
  const server = await startAppServer(3290, env);
  try {
    return [
      await measure(`${label} page /`, `${server.url}/`, { seconds }),
      await measure(`${label} api /api/health/live`, `${server.url}/api/health/live`, { seconds }),
    ];
  } finally {
    await server.stop();
  }
}

const on = await run("gate on ", {});
const off = await run("gate off", { BENCH_DISABLE_GATE: "true" });
printTable([...on, ...off]);
const pairs = [
  ["page", on[0], off[0]],
  ["api", on[1], off[1]],
] as const;
for (const [name, gated, ungated] of pairs) {
  const ratio = gated.requestsPerSecond / ungated.requestsPerSecond;
  const overhead = (1 - ratio) * 100;
  console.log(
    `${name}: gate keeps ${(ratio * 100).toFixed(1)} % of throughput (overhead ${overhead.toFixed(1)} %; target < 15 %) — ${overhead < 15 ? "PASS" : "MISS"}`,
  );
}
