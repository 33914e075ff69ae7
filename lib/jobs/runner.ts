import { log } from "../log/logger";
import type { Job } from "./registry";

export interface JobRunner {
  /** The jobs this runner runs, by name. */
  readonly jobs: readonly string[];
  /** When the job's last run finished without an error (null before that). */
  lastRunAt(name: string): Date | null;
  /**
   * Stops scheduling and lets runs in flight finish. With `graceMs`, runs still going when it
   * runs out are cancelled (their context's signal aborts: a webhook attempt is cut and its
   * claim released, lib/webhooks/worker.ts) and given CANCEL_MS to record that. Resolves when
   * every job is idle, or after that; answers whether every run finished or recorded its cancel.
   */
  stop(graceMs?: number): Promise<boolean>;
}

const slot = globalThis as unknown as { __switchboardJobRunners?: Set<JobRunner> };
const running = (slot.__switchboardJobRunners ??= new Set());

/** A runner in this process (with the named job, if one is given), for /api/health. */
export function runnerInProcess(job?: string): JobRunner | undefined {
  for (const runner of running) if (job === undefined || runner.jobs.includes(job)) return runner;
  return undefined;
}

/** After a cancel, how long runs get to record what they cut (one short transaction). */
const CANCEL_MS = 5_000;

const settleWithin = <T>(promise: Promise<T>, ms: number) => {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)))]).finally(() => clearTimeout(timer));
};

/** A pause that ends early when the runner stops. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * Runs every job on its own interval (decision 024). Each job is one loop, so a job never
 * overlaps itself in a process; jobs run beside each other, so a slow one (retention) never
 * holds up another (deliveries). A failing run is logged — the job's name and the error,
 * which the logger scrubs — and the job runs again after its interval; the others go on.
 * Across processes the jobs' own claims keep runs apart (lib/jobs/registry.ts).
 */
export function startJobRunner(jobs: readonly Job[], options: { now?: () => Date } = {}): JobRunner {
  const names = jobs.map((j) => j.name);
  if (new Set(names).size !== names.length) throw new Error(`job names must be unique: ${names.join(", ")}`);
  for (const job of jobs) {
    if (!(job.intervalMs > 0)) throw new Error(`job ${job.name}: intervalMs must be positive`);
  }
  const now = options.now ?? (() => new Date());
  const stopping = new AbortController();
  const cancel = new AbortController();
  const last = new Map<string, Date>();

  const loop = async (job: Job) => {
    if (job.firstRunAfterMs) await pause(job.firstRunAfterMs, stopping.signal);
    while (!stopping.signal.aborted) {
      let done = 0;
      try {
        done = await job.run({ now, signal: cancel.signal });
        last.set(job.name, now());
      } catch (err) {
        log().error({ err, job: job.name }, "job run failed; it runs again after its interval");
      }
      if (stopping.signal.aborted) break;
      if (!(job.drain && done > 0)) await pause(job.intervalMs, stopping.signal);
    }
  };
  const loops = jobs.map(loop);

  const runner: JobRunner = {
    jobs: names,
    lastRunAt: (name) => last.get(name) ?? null,
    stop: async (graceMs) => {
      stopping.abort();
      const all = Promise.all(loops);
      let idle = graceMs === undefined ? (await all, true) : await settleWithin(all, graceMs);
      if (!idle) {
        log().warn({ graceMs }, "job runs still going after the grace period: cancelling them");
        cancel.abort();
        idle = await settleWithin(all, CANCEL_MS);
      }
      running.delete(runner);
      return idle;
    },
  };
  running.add(runner);
  return runner;
}
