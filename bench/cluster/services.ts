import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import pg from "pg";

/**
 * The harness's own PostgreSQL cluster and Redis server, on ports of their own, so its faults
 * (a restart, a kill) never touch the machine's services that other work is using.
 */
const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
const asRoot = process.getuid?.() === 0;

/**
 * Runs a command to its end without blocking: the balancer and the load generator share this
 * process, and spawnSync froze them for the seconds a PostgreSQL stop or start takes.
 */
function run(file: string, args: string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, output }));
  });
}

/** A shell command, as the postgres user when the harness runs as root (initdb and postgres refuse root). */
const shell = (command: string) => (asRoot ? run("su", ["postgres", "-c", command]) : run("sh", ["-c", command]));

async function pgCtl(args: string[]): Promise<void> {
  const command = [`${PG_BIN}/pg_ctl`, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  const result = await shell(command);
  if (result.status !== 0) throw new Error(`pg_ctl ${args[0]} failed: ${result.output}`);
}

export class ThrowawayPostgres {
  readonly dataDir: string;
  constructor(readonly port: number) {
    this.dataDir = `/tmp/sb-cluster-pg-${port}`;
  }
  get url(): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/postgres`;
  }
  private options() {
    return ["-o", `-p ${this.port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=300 -c shared_buffers=128MB`];
  }
  async start(): Promise<void> {
    if (!existsSync(`${this.dataDir}/PG_VERSION`)) {
      rmSync(this.dataDir, { recursive: true, force: true });
      mkdirSync(this.dataDir, { recursive: true });
      if (asRoot) execFileSync("chown", ["postgres", this.dataDir]);
      const result = await shell(`${PG_BIN}/initdb -D ${this.dataDir} -A trust -U postgres`);
      if (result.status !== 0) throw new Error(`initdb failed: ${result.output}`);
    }
    await pgCtl(["-D", this.dataDir, ...this.options(), "-l", `${this.dataDir}/log`, "-w", "start"]);
  }
  /** Fast shutdown (connections terminated, as a restart by an operator does). */
  async stop(): Promise<void> {
    await pgCtl(["-D", this.dataDir, "-m", "fast", "-w", "stop"]);
  }
  async destroy(): Promise<void> {
    try {
      await this.stop();
    } catch {
      /* already stopped */
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
  async query<T extends pg.QueryResultRow>(database: string, sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: this.urlOf(database) });
    await client.connect();
    try {
      return (await client.query<T>(sql, params)).rows;
    } finally {
      await client.end();
    }
  }
  urlOf(database: string): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/${database}`;
  }
}

export class ThrowawayRedis {
  constructor(readonly port: number) {}
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }
  /** Asynchronous, as PostgreSQL's: the Redis fault restarts it under load. */
  async start(): Promise<void> {
    const started = await run("redis-server", ["--daemonize", "yes", "--bind", "127.0.0.1", "--port", String(this.port), "--save", "", "--appendonly", "no", "--pidfile", `/tmp/sb-cluster-redis-${this.port}.pid`]);
    if (started.status !== 0) throw new Error(`redis-server failed: ${started.output}`);
    for (let i = 0; i < 50; i++) {
      if ((await run("redis-cli", ["-p", String(this.port), "ping"])).output.trim() === "PONG") return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`redis on ${this.port} did not start`);
  }
  /** Killed, as a crash: no shutdown, no save. */
  async kill(): Promise<void> {
    await run("redis-cli", ["-p", String(this.port), "shutdown", "nosave"]);
  }
}
