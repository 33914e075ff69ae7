import { loadavg } from "node:os";
import { generateKey } from "../lib/api-keys/format";
import { buildIfStale } from "../scripts/lib/build-if-stale";
import { startAppServer } from "./lib/app-server";
import { measure, printTable, type LoadResult } from "./lib/load";
import { percentile } from "./lib/stats";

/**
 * The web widget's session start (SPEC §14), POST /api/widget/{id}/sessions with every check
 * on — parent origin, open and enabled, blocklist, IP and country lists (the demo widget's are
 * empty: in-memory comparisons either way), active hours, bot detection, two sliding-window
 * limits, the credit balance, the session row and an ES256 token — against the trivial /api
 * route (target ≥ 50 %); and the refusal of a blocklisted
 * address (target ≥ 90 %: no database work per request once its workspace's rules are
 * cached). Each is measured in rounds paired with a run of the trivial route (BENCH_ROUNDS,
 * BENCH_SECONDS each). The loopback client is blocklisted the way a spammer is: by the automatic
 * blocklist after a few refusals.
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
buildIfStale();
const key = generateKey("live", "sk");
const ORIGIN = "https://shop.example.com";

/**
 * The demo agent is closed on Sundays (lib/seed/demo-agent.ts): seed the database before the
 * server starts and open every day, so the session run measures sessions, not refusals.
 */
async function openAllWeek(env: Record<string, string>): Promise<void> {
  Object.assign(process.env, env);
  const { prepareDatabase } = await import("../lib/db/prepare");
  const { seedDemo } = await import("../lib/seed/demo");
  const { db, disconnectDb } = await import("../lib/db/client");
  await prepareDatabase();
  await seedDemo();
  const day = { open: "00:00", close: "24:00" };
  const hours = Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, day]));
  // Versions are immutable: a new one, made current, as the agent page saves it.
  for (const c of await db().agentConfiguration.findMany({ select: { id: true, workspaceId: true, currentVersion: true } })) {
    const current = await db().agentConfigurationVersion.findUniqueOrThrow({ where: { configurationId_version: { configurationId: c.id, version: c.currentVersion } } });
    await db().agentConfigurationVersion.create({
      data: { workspaceId: c.workspaceId, configurationId: c.id, version: c.currentVersion + 1, content: { ...(current.content as object), hours }, authorLabel: "benchmark" },
    });
    await db().agentConfiguration.update({ where: { id: c.id }, data: { currentVersion: c.currentVersion + 1 } });
  }
  await disconnectDb();
}

const server = await startAppServer(
  Number(process.env.BENCH_PORT ?? 3551),
  {
    DEMO_LIVE_KEY: key,
    SEED_DEMO: "true",
    DEMO_WIDGET_ORIGINS: ORIGIN,
    RATE_LIMIT_WIDGET_IP_REQUESTS: "1000000",
    RATE_LIMIT_WIDGET_REQUESTS: "10000000",
    WIDGET_AUTO_BLOCK_THRESHOLD: "3",
  },
  { prepare: openAllWeek },
);
try {
  const list = (await (await fetch(`${server.url}/api/v1/widgets`, { headers: { "x-api-key": key } })).json()) as { data: { id: string; enabled: boolean }[] };
  const widget = list.data.find((w) => w.enabled);
  if (!widget) throw new Error("the demo widget is missing or disabled");
  const sessions = `${server.url}/api/widget/${widget.id}/sessions`;
  const headers = {
    "content-type": "application/json",
    "user-agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
  };
  const body = JSON.stringify({ parent_origin: ORIGIN, signals: { webdriver: false, headless: false, languages: 2 } });
  const probe = await fetch(sessions, { method: "POST", headers, body });
  if (probe.status !== 201) throw new Error(`a session start answered ${probe.status}: ${await probe.text()}`);

  // Each route is measured in ROUNDS short runs, each right after a run of the trivial route,
  // and the median of the per-round ratios is reported: on a shared machine the load swings
  // within a minute, and a ratio of two runs taken seconds apart is what stays readable.
  const trivialUrl = `${server.url}/api/health/live`;
  async function paired(label: string, run: () => Promise<LoadResult>): Promise<{ trivial: LoadResult[]; route: LoadResult[]; ratio: number }> {
    const trivial: LoadResult[] = [];
    const route: LoadResult[] = [];
    for (let i = 0; i < rounds; i++) {
      trivial.push(await measure("trivial /api/health/live", trivialUrl, { seconds }));
      route.push(await run());
      console.log(`${label}, round ${i + 1}: ${route[i]!.requestsPerSecond} vs ${trivial[i]!.requestsPerSecond} req/s — load ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    }
    return { trivial, route, ratio: percentile(route.map((r, i) => r.requestsPerSecond / trivial[i]!.requestsPerSecond).sort((x, y) => x - y), 50) };
  }
  const started = await paired("session start", () => measure("POST /api/widget/{id}/sessions, all checks", sessions, { seconds, method: "POST", headers, body }));

  // Four refusals from a foreign page put the loopback client on the blocklist (threshold 3).
  const foreign = JSON.stringify({ parent_origin: "https://elsewhere.example" });
  for (let i = 0; i < 4; i++) await fetch(sessions, { method: "POST", headers, body: foreign });
  const check = (await (await fetch(sessions, { method: "POST", headers, body })).json()) as { error?: { details?: { reason?: string }[] } };
  if (check.error?.details?.[0]?.reason !== "blocked") throw new Error(`the client was not blocklisted: ${JSON.stringify(check)}`);
  const blocked = await paired("blocklisted refusal", () => measure("blocklisted IP, refused", sessions, { seconds, method: "POST", headers, body }));

  console.log(`database: ${server.database}`);
  printTable([...started.trivial, ...started.route, ...blocked.trivial, ...blocked.route]);
  const verdict = (ratio: number, target: number) => `${(ratio * 100).toFixed(1)} % (median of ${rounds} rounds; target ≥ ${target * 100} %) — ${ratio >= target ? "PASS" : "MISS"}`;
  console.log(`session start keeps, of the trivial route, ${verdict(started.ratio, 0.5)}`);
  console.log(`blocklisted refusal keeps, of the trivial route, ${verdict(blocked.ratio, 0.9)}`);
  const failed = started.route.reduce((n, r) => n + r.non2xx, 0);
  if (failed > 0) console.log(`note: ${failed} non-2xx answers in the session runs`);
} finally {
  await server.stop();
}
