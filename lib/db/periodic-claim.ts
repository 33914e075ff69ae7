import { db } from "./client";

/**
 * The claim of a periodic job (retention, workspace deletion): one conditional upsert on
 * `scheduled_jobs`. Of several workers asking at once, the row lock lets exactly one
 * through — the others re-check the updated row and match nothing — on PostgreSQL and PGlite
 * alike. True when this caller won the run for the period; a run that crashes is retried in
 * the next period (its start is what was recorded).
 */
export async function claimPeriodicRun(name: string, now: Date, everyMs: number): Promise<boolean> {
  const dueBefore = new Date(now.getTime() - everyMs);
  const claimed = await db().$executeRaw`
    INSERT INTO scheduled_jobs (name, last_started_at) VALUES (${name}, ${now})
    ON CONFLICT (name) DO UPDATE SET last_started_at = EXCLUDED.last_started_at
    WHERE scheduled_jobs.last_started_at <= ${dueBefore}`;
  return claimed > 0;
}
