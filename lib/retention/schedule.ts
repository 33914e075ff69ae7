import { claimPeriodicRun } from "../db/periodic-claim";
import { runRetention, type RetentionReport } from "./run";

export const RETENTION_EVERY_MS = 60 * 60_000;

/**
 * The retention job's run (lib/jobs/registry.ts): the pass runs if no worker started it
 * within `everyMs` (one hour). The claim is the `retention` row of `scheduled_jobs`
 * (lib/db/periodic-claim.ts), so of several workers asking at once exactly one runs it.
 * Workspaces about to be erased are the deletion job's (lib/retention/run.ts skips them).
 */
export async function runRetentionIfDue(options: { now: Date; everyMs?: number; batch?: number }): Promise<RetentionReport | null> {
  const { now } = options;
  if (!(await claimPeriodicRun("retention", now, options.everyMs ?? RETENTION_EVERY_MS))) return null;
  return runRetention({ now, batch: options.batch });
}
