import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface BenchServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts the built app (`npm start`'s script) on a fresh embedded database for a benchmark. */
export async function startAppServer(port: number, extraEnv: Record<string, string> = {}): Promise<BenchServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "sb-bench-"));
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join("node_modules", "tsx", "dist", "cli.mjs"), "--import", "./scripts/lib/server-only-hook.mjs", "scripts/start.ts"],
    {
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(port),
        DATA_DIR: dataDir,
        LOG_LEVEL: "warn",
        NEXT_TELEMETRY_DISABLED: "1",
        RATE_LIMIT_API_REQUESTS: "1000000",
        RATE_LIMIT_AUTH_REQUESTS: "1000000",
        ...extraEnv,
      },
    },
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
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
