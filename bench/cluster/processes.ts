import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** One app instance or worker of the cluster: `npm start`'s or `npm run worker`'s script, run by node itself so signals reach it. */
export class Member {
  child!: ChildProcess;
  private exit!: Promise<number | null>;
  readonly log: string;
  constructor(
    readonly name: string,
    private readonly script: "scripts/start.ts" | "scripts/worker.ts",
    private readonly env: NodeJS.ProcessEnv,
    readonly port?: number,
  ) {
    this.log = path.join(mkdtempSync(path.join(tmpdir(), `sb-cluster-${name}-`)), "output.log");
    // There before ready() reads it: the write stream below opens it asynchronously.
    writeFileSync(this.log, "");
  }
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }
  start(): this {
    const dataDir = mkdtempSync(path.join(tmpdir(), `sb-cluster-${this.name}-data-`));
    this.child = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/lib/server-only-hook.mjs", this.script], {
      env: { ...this.env, DATA_DIR: dataDir, ...(this.port ? { PORT: String(this.port) } : {}) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out = createWriteStream(this.log, { flags: "a" });
    this.child.stdout!.pipe(out);
    this.child.stderr!.pipe(out);
    this.exit = new Promise((resolve) => this.child.once("exit", (code) => resolve(code)));
    return this;
  }
  /** Waits for readiness (app) or the worker's start line. */
  async ready(timeoutMs = 240_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${this.name} exited (${this.child.exitCode}); see ${this.log}`);
      if (this.port) {
        if (await fetch(`${this.url}/api/health`).then((r) => r.status === 200, () => false)) return;
      } else if ((await import("node:fs")).readFileSync(this.log, "utf8").includes("Switchboard worker is running")) {
        return;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`${this.name} not ready in ${timeoutMs} ms; see ${this.log}`);
  }
  /** Sends the signal; answers the exit code and how long it took. */
  async signal(signal: NodeJS.Signals): Promise<{ code: number | null; ms: number }> {
    const started = Date.now();
    if (!this.running) return { code: this.child?.exitCode ?? null, ms: 0 };
    this.child.kill(signal);
    const code = await this.exit;
    return { code, ms: Date.now() - started };
  }
}
