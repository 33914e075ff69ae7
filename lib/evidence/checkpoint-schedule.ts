import "server-only";
import { claimPeriodicRun } from "../db/periodic-claim";
import { signChainHeads } from "./checkpoints";

/** How often chain heads are signed (SPEC §7: "every few minutes"). */
export const CHECKPOINT_EVERY_MS = 5 * 60_000;

/**
 * The checkpoint job's run (lib/jobs/registry.ts): signs every chain head that moved, if no
 * worker did so within `everyMs`. The claim is the `audit_checkpoints` row of
 * `scheduled_jobs`, so of several workers asking at once exactly one signs; the unique
 * (chain, seq) of the checkpoints would stop a double signature anyway.
 */
export async function signChainHeadsIfDue(options: { now: Date; everyMs?: number }): Promise<number> {
  if (!(await claimPeriodicRun("audit_checkpoints", options.now, options.everyMs ?? CHECKPOINT_EVERY_MS))) return 0;
  return signChainHeads({ now: options.now });
}
