import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadGeneratedSecrets } from "../../lib/config/generated-secrets";
import { createTempDatabase, dropTempDatabase } from "../../scripts/lib/temp-database";
import { E2E_ADMIN_PATH, E2E_SECURE_TOTP_SECRET, E2E_STAFF_TOTP_SECRET, LIMITS_PORT, MAIN_INSTANCE_FILE, MAIN_PORT, LIMITS_API_LIMIT, STRICT_PORT, type MainInstanceInfo, PASSKEYS_PORT, PASSKEYS_URL, WIDGET_ALLOWED_ORIGIN, WIDGET_COUNTRY_HEADER } from "./servers";

/**
 * Starts one app instance for the e2e suite on a database of its own: a fresh database on
 * the real PostgreSQL when TEST_DATABASE_URL is set (CI) for the main instance, a fresh
 * embedded PGlite directory otherwise. Usage: start-server.ts <main|strict|limits>.
 */
const which = process.argv[2];
const dataDir = mkdtempSync(path.join(tmpdir(), `sb-e2e-${which}-`));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATA_DIR: dataDir,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
  DEMO_PASSWORD: process.env.DEMO_PASSWORD ?? "demo-password-for-e2e",
  // A known console path, so the specs can find it (it is generated, and secret, otherwise).
  ADMIN_PATH: E2E_ADMIN_PATH,
  // Offline machines: the specs must not wait on (or depend on) Have I Been Pwned.
  HIBP_API_URL: "off",
  // The suite runs on the demo with NODE_ENV=production (and https on the strict instance): allowed here only (decision 031).
  ALLOW_DEMO_IN_PRODUCTION: "true",
};


if (which === "main") {
  // A file left by an earlier run must not point the specs at a database that is gone.
  rmSync(MAIN_INSTANCE_FILE, { force: true });
  env.PORT = String(MAIN_PORT);
  env.APP_URL = `http://127.0.0.1:${MAIN_PORT}`;
  // Many tests sign in from 127.0.0.1; the SPEC's per-IP limits are tested on the strict instance.
  env.RATE_LIMIT_SIGN_IN_REQUESTS = "10000";
  env.RATE_LIMIT_SIGN_UP_REQUESTS = "10000";
  env.RATE_LIMIT_AUTH_REQUESTS = "10000";
  // The webhook e2e test runs its receiver on loopback (SPEC §13).
  env.OUTBOUND_ALLOW_LOOPBACK = "true";
  // The widget spec's customer page (SPEC §13: the demo widget's embed domains).
  env.DEMO_WIDGET_ORIGINS = WIDGET_ALLOWED_ORIGIN;
  // Its country tests stand in for a CDN's country header; its many visits from one address
  // must not meet the per-IP session limit or the automatic blocklist (tested in integration).
  env.TRUST_PROXY_COUNTRY_HEADER = WIDGET_COUNTRY_HEADER;
  env.RATE_LIMIT_WIDGET_IP_REQUESTS = "10000";
  env.WIDGET_AUTO_BLOCK_THRESHOLD = "10000";
  if (process.env.TEST_DATABASE_URL) {
    env.DATABASE_URL = await createTempDatabase(process.env.TEST_DATABASE_URL, "sb_e2e");
    env.SEED_DEMO = "true";
    // A real deployment's secrets come from the environment; make a set for this run.
    Object.assign(env, loadGeneratedSecrets(dataDir, {}, { generateMissing: true, problems: [] }));
    env.ADMIN_PATH = E2E_ADMIN_PATH;
    // For e2e/support/session.ts: sessions made in this database, signed with this key.
    const info: MainInstanceInfo = { appUrl: env.APP_URL, databaseUrl: env.DATABASE_URL, sessionSigningPrivateKey: env.SESSION_SIGNING_PRIVATE_KEY! };
    writeFileSync(MAIN_INSTANCE_FILE, JSON.stringify(info), { mode: 0o600 });
  }
  env.DEMO_STAFF_TOTP_SECRET = E2E_STAFF_TOTP_SECRET;
  env.DEMO_TOTP_SECRET = E2E_SECURE_TOTP_SECRET;
} else if (which === "strict") {
  env.PORT = String(STRICT_PORT);
  env.APP_URL = `https://127.0.0.1:${STRICT_PORT}`;
  // https without clamd: the e2e machines have no scanner to spare for this instance (issue 17 item 9).
  env.UPLOADS_ALLOW_UNSCANNED = "true";
  delete env.REDIS_URL;
  delete env.DATABASE_URL;
} else if (which === "limits") {
  env.PORT = String(LIMITS_PORT);
  env.APP_URL = `http://127.0.0.1:${LIMITS_PORT}`;
  env.RATE_LIMIT_API_REQUESTS = String(LIMITS_API_LIMIT);
  env.RATE_LIMIT_API_WINDOW_SECONDS = "600";
  delete env.REDIS_URL;
  delete env.DATABASE_URL;
} else if (which === "passkeys") {
  env.PORT = String(PASSKEYS_PORT);
  env.APP_URL = PASSKEYS_URL;
  env.RATE_LIMIT_SIGN_IN_REQUESTS = "10000";
  env.RATE_LIMIT_SIGN_UP_REQUESTS = "10000";
  env.RATE_LIMIT_AUTH_REQUESTS = "10000";
  delete env.REDIS_URL;
  delete env.DATABASE_URL;
} else {
  console.error("usage: start-server.ts <main|strict|limits|passkeys>");
  process.exit(2);
}

const child = spawn(
  process.execPath,
  [path.join("node_modules", "tsx", "dist", "cli.mjs"), "--import", "./scripts/lib/server-only-hook.mjs", "scripts/start.ts"],
  { stdio: "inherit", env },
);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => {
  if (which === "main") rmSync(MAIN_INSTANCE_FILE, { force: true });
  const serverUrl = process.env.TEST_DATABASE_URL;
  const done = serverUrl && env.DATABASE_URL ? dropTempDatabase(serverUrl, env.DATABASE_URL) : Promise.resolve();
  void done.finally(() => process.exit(code ?? 0));
});
