import { db } from "../db/client";
import { inBatches } from "../db/in-batches";

/**
 * Removes a workspace's (or, with null, the platform's) security events older than `before`
 * through the retention path the database allows (decision 034): each batch runs in a
 * transaction that sets `switchboard.security_retention`, and the trigger refuses any row
 * younger than the period by the database's own clock. The same floor is in the WHERE, so an
 * application clock a little ahead of the database's skips the boundary rows until the next
 * run instead of failing the whole batch.
 */
export function pruneSecurityEvents(workspaceId: string | null, before: Date, days: number, batch: number): Promise<number> {
  return inBatches(batch, () =>
    db().$transaction(async (tx) => {
      await tx.$queryRaw`SELECT set_config('switchboard.security_retention', 'on', true)`;
      return workspaceId === null
        ? tx.$executeRaw`
          DELETE FROM security_events WHERE id IN (
            SELECT id FROM security_events WHERE workspace_id IS NULL AND occurred_at < ${before}
              AND occurred_at < now() - make_interval(days => ${days}::int)
            LIMIT ${batch} FOR UPDATE SKIP LOCKED)`
        : tx.$executeRaw`
          DELETE FROM security_events WHERE id IN (
            SELECT id FROM security_events WHERE workspace_id = ${workspaceId}::uuid AND occurred_at < ${before}
              AND occurred_at < now() - make_interval(days => ${days}::int)
            LIMIT ${batch} FOR UPDATE SKIP LOCKED)`;
    }),
  );
}
