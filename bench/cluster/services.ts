import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import pg from "pg";

/**
 * The harness's own PostgreSQL cluster and Redis server, on ports of their own, so its faults
 * (a restart, a kill) never touch the machine's services that other work is using.
 */
const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
const asRoot = process.getuid?.() === 0;

function pgCtl(args: string[]): void {
  const command = [`${PG_BIN}/pg_ctl`, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  // initdb and postgres refuse to run as root: as the postgres user then.
  const result = asRoot ? spawnSync("su", ["postgres", "-c", command], { encoding: "utf8" }) : spawnSync("sh", ["-c", command], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`pg_ctl ${args[0]} failed: ${result.stderr || result.stdout}`);
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
      const initdb = `${PG_BIN}/initdb -D ${this.dataDir} -A trust -U postgres`;
      const result = asRoot ? spawnSync("su", ["postgres", "-c", initdb], { encoding: "utf8" }) : spawnSync("sh", ["-c", initdb], { encoding: "utf8" });
      if (result.status !== 0) throw new Error(`initdb failed: ${result.stderr}`);
    }
    pgCtl(["-D", this.dataDir, ...this.options(), "-l", `${this.dataDir}/log`, "-w", "start"]);
  }
  /** Fast shutdown (connections terminated, as a restart by an operator does). */
  stop(): void {
    pgCtl(["-D", this.dataDir, "-m", "fast", "-w", "stop"]);
  }
  destroy(): void {
    try {
      this.stop();
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
  start(): void {
    execFileSync("redis-server", ["--daemonize", "yes", "--bind", "127.0.0.1", "--port", String(this.port), "--save", "", "--appendonly", "no", "--pidfile", `/tmp/sb-cluster-redis-${this.port}.pid`]);
    for (let i = 0; i < 50; i++) {
      if (spawnSync("redis-cli", ["-p", String(this.port), "ping"], { encoding: "utf8" }).stdout.trim() === "PONG") return;
      execFileSync("sleep", ["0.1"]);
    }
    throw new Error(`redis on ${this.port} did not start`);
  }
  /** Killed, as a crash: no shutdown, no save. */
  kill(): void {
    spawnSync("redis-cli", ["-p", String(this.port), "shutdown", "nosave"]);
  }
}
