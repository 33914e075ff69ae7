import { config } from "../lib/config";
import { flushEveryCopy } from "../lib/core/process-flushes";
import { disconnectDb } from "../lib/db/client";
import { JOBS } from "../lib/jobs/registry";
import { startJobRunner } from "../lib/jobs/runner";
import { routeConsoleToLogger } from "../lib/log/console-to-logger";
import { log } from "../lib/log/logger";
import { outboundWarnings } from "../lib/security/outbound";
import { exitOnConfigError } from "./lib/exit-on-config-error";

// `npm run worker`: the background jobs (lib/jobs/registry.ts: webhook delivery, workspace
// deletion, retention) on their own, for scale-out. Several may run at once: each job claims
// its work (FOR UPDATE SKIP LOCKED, or its hourly row in scheduled_jobs). Needs DATABASE_URL —
// the embedded database belongs to the one process that opened it.
const cfg = exitOnConfigError(config);
if (cfg.embeddedDatabase) {
  console.error("npm run worker needs DATABASE_URL: the embedded database is already served by npm start, which runs the jobs itself.");
  process.exit(2);
}
// One log stream, as `npm start` (decision 035): libraries' console.* goes through the JSON logger.
routeConsoleToLogger();
for (const warning of outboundWarnings(cfg)) log().warn(warning);
const runner = startJobRunner(JOBS);
log().info({ jobs: JOBS.map((j) => ({ name: j.name, intervalMs: j.intervalMs, claim: j.claim })) }, "job runner started");
// Written directly, as npm start's banner: it is for the terminal, not the log.
process.stdout.write(`Switchboard worker is running ${JOBS.map((j) => j.name).join(", ")} (Ctrl-C to stop).\n`);

// SIGTERM (decision 053): nothing new is claimed; runs in flight finish within
// SHUTDOWN_GRACE_MS, past it a webhook attempt is cut and its claim released; then buffered
// rows are written, the pool closes, exit 0.
let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  const started = Date.now();
  log().info({ signal, graceMs: cfg.SHUTDOWN_GRACE_MS }, "job runner stopping");
  const idle = await runner.stop(cfg.SHUTDOWN_GRACE_MS).catch(() => false);
  const failedFlushes = await flushEveryCopy();
  await disconnectDb().catch(() => {});
  log().info({ signal, ms: Date.now() - started, jobsIdle: idle, failedFlushes }, "job runner stopped");
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
