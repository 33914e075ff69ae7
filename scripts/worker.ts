import { config } from "../lib/config";
import { disconnectDb } from "../lib/db/client";
import { log } from "../lib/log/logger";
import { outboundWarnings } from "../lib/security/outbound";
import { startWorker } from "../lib/webhooks/worker";
import { exitOnConfigError } from "./lib/exit-on-config-error";

// `npm run worker`: webhook delivery on its own (scale-out). Several may run at once: each
// claims due deliveries with FOR UPDATE SKIP LOCKED. Needs DATABASE_URL — the embedded
// database belongs to the one process that opened it.
const cfg = exitOnConfigError(config);
if (cfg.embeddedDatabase) {
  console.error("npm run worker needs DATABASE_URL: the embedded database is already served by npm start, which runs a worker itself.");
  process.exit(2);
}
for (const warning of outboundWarnings(cfg)) log().warn(warning);
const worker = startWorker();
log().info("webhook worker started");
console.log("Switchboard webhook worker is running (Ctrl-C to stop).");

async function stop(signal: string) {
  log().info({ signal }, "webhook worker stopping");
  await worker.stop();
  await disconnectDb().catch(() => {});
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
