import { db } from "../db/client";
import { deleteDueWorkspaces } from "../workspaces/deletion";
import { runRetention, type RetentionReport } from "./run";

export const RETENTION_EVERY_MS = 60 * 60_000;

/**
 * Runs the hourly lifecycle pass — due workspace deletions, then retention — if no worker started it within `everyMs` (one hour). The claim is one
 * conditional upsert on `scheduled_jobs`: of several workers asking at once, the row lock
 * lets exactly one through (the others re-check the updated row and match nothing), on
 * PostgreSQL and PGlite alike. A run that crashes is retried at the next hour.
 */
export async function runRetentionIfDue(options: { now: Date; everyMs?: number; batch?: number }): Promise<RetentionReport | null> {
  const { now } = options;
  const dueBefore = new Date(now.getTime() - (options.everyMs ?? RETENTION_EVERY_MS));
  const claimed = await db().$executeRaw`
    INSERT INTO scheduled_jobs (name, last_started_at) VALUES ('retention', ${now})
    ON CONFLICT (name) DO UPDATE SET last_started_at = EXCLUDED.last_started_at
    WHERE scheduled_jobs.last_started_at <= ${dueBefore}`;
  if (claimed === 0) return null;
  // Cancelled workspaces past their date go first (decision 017), then the periodic pass.
  await deleteDueWorkspaces({ now, batch: options.batch });
  return runRetention({ now, batch: options.batch });
}
