import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { ClamdTarget } from "@/lib/uploads/config";

const START_SCRIPT = path.join(import.meta.dirname, "../../../scripts/clamd/start.sh");

/**
 * clamd's path, or undefined when Debian's clamav-daemon is not installed. CLAMD_BIN, when
 * set, is the only place looked at (CLAMD_BIN=/nonexistent shows the skip).
 */
export function findClamd(): string | undefined {
  if (process.env.CLAMD_BIN) return existsSync(process.env.CLAMD_BIN) ? process.env.CLAMD_BIN : undefined;
  for (const candidate of ["/usr/sbin/clamd", "/usr/local/sbin/clamd"]) if (existsSync(candidate)) return candidate;
  try {
    return execFileSync("sh", ["-c", "command -v clamd"], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface RunningClamd {
  target: ClamdTarget;
  stop(): void;
}

/** Starts clamd through scripts/clamd/start.sh (EICAR-only signatures) on TCP or a socket. */
export async function startClamd(mode: "tcp" | "socket"): Promise<RunningClamd> {
  const dir = mkdtempSync(path.join(tmpdir(), "sb-clamd-test-"));
  const socket = path.join(dir, "clamd.sock");
  const args = mode === "tcp" ? ["--port", String(await freePort()), "--dir", dir] : ["--socket", socket, "--dir", dir];
  const { stdout } = await promisify(execFile)("bash", [START_SCRIPT, ...args], { env: { ...process.env, CLAMD_BIN: findClamd() } });
  const ready = /CLAMD_READY pid=(\d+) dir=\S+ target=(\S+)/.exec(stdout);
  if (!ready) throw new Error(`start.sh did not report CLAMD_READY:\n${stdout}`);
  const [, pidText, reported = ""] = ready;
  const pid = Number(pidText);
  const tcpTarget = (): ClamdTarget => {
    const [host, port] = reported.split(":");
    if (!host || !port) throw new Error(`start.sh reported no host:port target:\n${stdout}`);
    return { type: "tcp", host, port: Number(port) };
  };
  return {
    target: mode === "tcp" ? tcpTarget() : { type: "socket", path: socket },
    stop() {
      try {
        process.kill(pid, "SIGTERM");
      } catch {
        // already gone
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
