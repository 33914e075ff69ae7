import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTempDatabase, dropTempDatabase } from "../../scripts/lib/temp-database";
import { loadGeneratedSecrets } from "../../lib/config/generated-secrets";

/** With TEST_DATABASE_URL set, benchmarks run on a fresh database on that server. */
async function postgresEnv(dataDir: string): Promise<Record<string, string>> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return {};
  const url = await createTempDatabase(serverUrl, "sb_bench");
  const secrets = loadGeneratedSecrets(dataDir, {}, { generateMissing: true, problems: [] }) as Record<string, string>;
  return { ...secrets, DATABASE_URL: url.toString(), SEED_DEMO: "true" };
}

export interface BenchServer {
  url: string;
  database: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /**
   * Runs in the benchmark's own process before the server starts, with the server's
   * environment: to shape the database (the embedded one has a single connection, so nothing
   * can reach it while the server runs). Close the database before returning.
   */
  prepare?: (env: Record<string, string>) => Promise<void>;
}

/** Starts the built app (`npm start`'s script) on a fresh embedded database for a benchmark. */
export async function startAppServer(port: number, extraEnv: Record<string, string> = {}, options: StartOptions = {}): Promise<BenchServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "sb-bench-"));
  const env = { ...(await postgresEnv(dataDir)) };
  const serverEnv: NodeJS.ProcessEnv = {
    ...(process.env as Record<string, string>),
    NODE_ENV: "production",
    // A benchmark's server is a demo deployment: the seed and DEMO_* keys are its fixtures (decision 031).
    ALLOW_DEMO_IN_PRODUCTION: "true",
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
    RATE_LIMIT_API_REQUESTS: "1000000",
    RATE_LIMIT_AUTH_REQUESTS: "1000000",
    RATE_LIMIT_KEY_REQUESTS: "10000000",
    ...env,
    ...extraEnv,
  };
  await options.prepare?.(serverEnv as Record<string, string>);
  const child: ChildProcess = spawn(
    process.execPath,
    [
      // BENCH_CPU_PROF=DIR: the server writes a V8 CPU profile there when it stops.
      ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      "--import",
      "tsx",
      "--import",
      "./scripts/lib/server-only-hook.mjs",
      "scripts/start.ts",
    ],
    { stdio: ["ignore", "ignore", "inherit"], env: serverEnv },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${url}/api/health/live`)).ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    database: env.DATABASE_URL ? "PostgreSQL" : "PGlite",
    stop: async () => {
      await new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      });
      if (env.DATABASE_URL && process.env.TEST_DATABASE_URL) await dropTempDatabase(process.env.TEST_DATABASE_URL, env.DATABASE_URL);
    },
  };
}
