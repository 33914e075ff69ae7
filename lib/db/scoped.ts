import type { Prisma } from "./generated/client";
import { db, TRANSACTION_DEFAULTS } from "./client";

export type TenantTx = Prisma.TransactionClient;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The workspace-scoped data layer: `fn` runs in a transaction as the `switchboard_tenant`
 * role with `app.workspace_id` set, so PostgreSQL's row-level security shows it only this
 * workspace's rows — even for a query that forgets its `workspaceId` filter. Queries still
 * name the workspace; RLS is the net underneath.
 */
export async function inWorkspace<T>(workspaceId: string, fn: (tx: TenantTx) => Promise<T>, options?: { timeoutMs?: number }): Promise<T> {
  if (!UUID.test(workspaceId)) throw new Error("inWorkspace: not a workspace id");
  return db().$transaction(
    async (tx) => {
      // One round trip: both settings last until the end of this transaction only.
      await tx.$queryRaw`SELECT set_config('app.workspace_id', ${workspaceId}, true), set_config('role', 'switchboard_tenant', true)`;
      return fn(tx);
    },
    // Long readers (streamed exports) say how long they may hold the transaction.
    options?.timeoutMs ? { ...TRANSACTION_DEFAULTS, timeout: options.timeoutMs } : undefined,
  );
}
