import { config } from "../lib/config";
import { disconnectDb } from "../lib/db/client";
import { JOBS } from "../lib/jobs/registry";
import { startJobRunner } from "../lib/jobs/runner";
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
for (const warning of outboundWarnings(cfg)) log().warn(warning);
const runner = startJobRunner(JOBS);
log().info({ jobs: JOBS.map((j) => ({ name: j.name, intervalMs: j.intervalMs, claim: j.claim })) }, "job runner started");
console.log(`Switchboard worker is running ${JOBS.map((j) => j.name).join(", ")} (Ctrl-C to stop).`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log().info({ signal }, "job runner stopping");
  // Runs in flight finish (a webhook attempt takes at most 30 s); nothing new starts.
  await runner.stop();
  await disconnectDb().catch(() => {});
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
