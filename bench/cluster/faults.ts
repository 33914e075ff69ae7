import type { Member } from "./processes";
import type { Receiver } from "./receiver";
import type { ThrowawayPostgres, ThrowawayRedis } from "./services";

/** What a fault run needs to act on. */
export interface Cluster {
  pg: ThrowawayPostgres;
  database: string;
  redis: ThrowawayRedis;
  receiver: Receiver;
  apps: Member[];
  workers: Member[];
  /** A fresh worker in place of a killed one. */
  replaceWorker(index: number): Member;
}

export interface Fault {
  name: string;
  /** What must hold, printed with the table. */
  holds: string;
  /** Runs beside the load; resolves with notes for the table once the fault is over. */
  during(c: Cluster, seconds: number, signal: AbortSignal): Promise<string>;
  /** After the load, before the reconciliation (restores what the fault took away). */
  after?(c: Cluster): Promise<void>;
  /** Called each second by the reconciliation (the simulated clock). */
  tick?(c: Cluster): Promise<void>;
  /** 5xx answers that are the point of the fault (the database down: 503 envelopes). */
  allowed5xx?: number[];
  reconcileDeadlineMs?: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
  });

/** The receiver's simulated hour: 20 s of real time at 180× (3 simulated minutes a second). */
const HOUR_REAL_MS = 20_000;
const WARP_SECONDS_PER_TICK = 180;

async function warp(c: Cluster): Promise<void> {
  // Simulated time passes for the outbox: every pending delivery's retry comes 3 minutes sooner.
  await c.pg
    .query(c.database, `UPDATE webhook_deliveries SET next_attempt_at = next_attempt_at - make_interval(secs => $1) WHERE status = 'pending' AND next_attempt_at > now()`, [WARP_SECONDS_PER_TICK])
    .catch(() => {});
}

export const FAULTS: Record<string, Fault> = {
  redis: {
    name: "Redis killed for 20 s, then restarted",
    holds: "limits fall back to memory and return to Redis; no 5xx",
    during: async (c, seconds, signal) => {
      await sleep(Math.min(5_000, seconds * 200), signal);
      await c.redis.kill();
      await sleep(Math.min(20_000, seconds * 600), signal);
      await c.redis.start();
      return "Redis down 20 s";
    },
  },
  postgres: {
    name: "PostgreSQL restarted (down 5 s)",
    holds: "503 envelopes while down, pools recover by themselves, nothing accepted is lost",
    allowed5xx: [503],
    during: async (c, seconds, signal) => {
      await sleep(Math.min(8_000, seconds * 300), signal);
      const started = Date.now();
      await c.pg.stop();
      await sleep(5_000);
      await c.pg.start();
      return `PostgreSQL down ${((Date.now() - started) / 1000).toFixed(1)} s`;
    },
  },
  receiver: {
    name: "webhook receiver down for a simulated hour",
    holds: "deliveries retried on the (simulated) clock and all completed afterwards",
    reconcileDeadlineMs: 240_000,
    during: async (c, seconds, signal) => {
      await sleep(Math.min(3_000, seconds * 100), signal);
      await c.receiver.down();
      for (let t = 0; t < HOUR_REAL_MS; t += 1_000) {
        await sleep(1_000);
        await warp(c);
      }
      await c.receiver.up();
      return `receiver down ${HOUR_REAL_MS / 1000} s real = 60 simulated minutes (retries' due times moved ${WARP_SECONDS_PER_TICK} s per second)`;
    },
    tick: warp,
  },
  "worker-kill": {
    name: "a worker killed with kill -9 every 10 s",
    holds: "no event lost, none sent twice in one attempt (a killed worker's claim lapses after 2 minutes)",
    reconcileDeadlineMs: 200_000,
    during: async (c, seconds, signal) => {
      let kills = 0;
      while (!signal.aborted) {
        await sleep(10_000, signal);
        if (signal.aborted) break;
        const index = kills % c.workers.length;
        await c.workers[index]!.signal("SIGKILL");
        c.replaceWorker(index);
        kills += 1;
      }
      return `${kills} workers killed (each replaced at once)`;
    },
  },
  "app-sigterm": {
    name: "an app instance stopped with SIGTERM under load",
    holds: "it drains and exits 0 within its grace period; clients see no reset connections",
    during: async (c, seconds, signal) => {
      await sleep(Math.min(5_000, seconds * 300), signal);
      const app = c.apps[1]!;
      const { code, ms } = await app.signal("SIGTERM");
      return `${app.name} exited ${code} after ${(ms / 1000).toFixed(1)} s`;
    },
    after: async (c) => {
      const app = c.apps[1]!;
      if (!app.running) {
        app.start();
        await app.ready();
      }
    },
  },
};
