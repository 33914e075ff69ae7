import path from "node:path";
import { config, ConfigError } from "../lib/config";
import { flushEveryCopy } from "../lib/core/process-flushes";
import { disconnectDb } from "../lib/db/client";
import { closeRateLimitStore } from "../lib/security/rate-limit/limiter";
import { prepareDatabase } from "../lib/db/prepare";
import { JOBS } from "../lib/jobs/registry";
import { startJobRunner } from "../lib/jobs/runner";
import { routeConsoleToLogger } from "../lib/log/console-to-logger";
import { log } from "../lib/log/logger";
import { outboundWarnings } from "../lib/security/outbound";
import { seedDemo } from "../lib/seed/demo";
import { demoDecision } from "../lib/seed/production-guard";
import { scanningNotice } from "../lib/uploads/config";
import { buildIfStale } from "./lib/build-if-stale";
import { exitOnConfigError } from "./lib/exit-on-config-error";
import { startHttpServer } from "./lib/http-server";

// `npm start`: validate configuration, build if needed, migrate and seed, then serve.
const dev = process.argv.includes("--dev");
// As the operator set it: `npm start`'s own default below does not make a deployment real (decision 031).
const operatorNodeEnv = process.env.NODE_ENV;
(process.env as Record<string, string>).NODE_ENV ??= dev ? "development" : "production";
// Every setting, the upload scanner's (CLAMAV_*) included, is checked here: a bad value stops start-up.
const cfg = exitOnConfigError(config);
// Issue 17 item 9: with APP_URL https no scanner is a start-up error unless UPLOADS_ALLOW_UNSCANNED says otherwise.
const scanning = scanningNotice(cfg);
if (scanning.level === "error") {
  console.error(new ConfigError([scanning.message]).message);
  process.exit(1);
}
// SPEC §12: no demo (users, keys, staff with known credentials) where the deployment looks real.
const demo = demoDecision(cfg, operatorNodeEnv);
if (demo.problems.length > 0) {
  console.error(new ConfigError(demo.problems).message);
  process.exit(1);
}
for (const warning of demo.warnings) log().warn(warning);
// next-auth v4 reads its public URL from the environment.
process.env.NEXTAUTH_URL = cfg.APP_URL;

if (!dev) buildIfStale();
// One log stream in production (decision 035): from here on console.* — Next's own start-up
// lines included, printed before instrumentation.ts runs — goes through the structured logger.
if (!dev) routeConsoleToLogger();
await prepareDatabase();
// SPEC §13: the demo workspace on the embedded database (or with SEED_DEMO); idempotent.
if (demo.seed) await seedDemo();
const running = await startHttpServer({ dev, port: cfg.PORT, hostname: cfg.HOSTNAME, guard: { https: cfg.isHttps, dev } });
// The background jobs (lib/jobs/registry.ts) run beside the server unless separate workers
// run them (WORKER_ENABLED=false).
const jobs = cfg.WORKER_ENABLED ? startJobRunner(JOBS) : null;

for (const warning of outboundWarnings(cfg)) log().warn(warning);
log()[scanning.level](scanning.message);
if (cfg.BENCH_DISABLE_GATE) log().warn("BENCH_DISABLE_GATE is on: security headers and rate limits are OFF (benchmarks only).");
// The start banner: written directly, since in production console.* goes through the logger (instrumentation.ts).
process.stdout.write(`\nSwitchboard is running at ${cfg.APP_URL}  (database: ${cfg.embeddedDatabase ? `embedded PGlite in ${cfg.DATA_DIR}` : "PostgreSQL"})\n\n`);
// The console's path is a generated secret in embedded mode: shown on a terminal only, like
// every generated credential (decision 035); it is kept in DATA_DIR/secrets.json (0600).
if (cfg.embeddedDatabase) {
  const where = process.stdout.isTTY ? `${cfg.APP_URL}${cfg.ADMIN_PATH}` : `its path is ADMIN_PATH in ${path.resolve(cfg.DATA_DIR, "secrets.json")}`;
  process.stdout.write(`Operator console: ${where}  (staff accounts: npm run staff -- add <email>)\n\n`);
}

// SIGTERM (decision 053): readiness 503 at once, the listener closes, requests in flight and
// the job runs finish within SHUTDOWN_GRACE_MS, buffered rows are written, pools close, exit 0.
let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  const started = Date.now();
  log().info({ signal, graceMs: cfg.SHUTDOWN_GRACE_MS }, "shutting down: draining");
  const [cut, jobsIdle] = await Promise.all([
    running.close({ graceMs: cfg.SHUTDOWN_GRACE_MS, delayMs: cfg.SHUTDOWN_DELAY_MS }).catch(() => -1),
    // Runs in flight finish; past the grace a webhook attempt is cut and its claim released.
    jobs ? jobs.stop(cfg.SHUTDOWN_GRACE_MS).catch(() => false) : true,
  ]);
  // Request-log rows, keys' last use and coalesced security events, from every module copy.
  const failedFlushes = await flushEveryCopy();
  await closeRateLimitStore().catch(() => {});
  // Closing the embedded database flushes it to disk.
  await disconnectDb().catch(() => {});
  log().info({ signal, ms: Date.now() - started, requestsCut: cut, jobsIdle, failedFlushes }, "stopped");
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
