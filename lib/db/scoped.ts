import type { Prisma } from "./generated/client";
import { db } from "./client";
import { TRANSACTION_DEFAULTS } from "./transaction-defaults";

export type TenantTx = Prisma.TransactionClient;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Thrown when the authorisation epoch read in a request no longer matches the one its
 * principal was verified at (decision 054): something that decides an API key's access
 * changed since, and the request must authenticate again from the database.
 */
export class StaleAuthorityError extends Error {
  constructor() {
    super("the authorisation epoch moved since this principal was verified");
    this.name = "StaleAuthorityError";
  }
}

/** By name too: a bundle that holds two copies of this module holds two classes. */
export const isStaleAuthority = (error: unknown): boolean =>
  error instanceof StaleAuthorityError || (error instanceof Error && error.name === "StaleAuthorityError");

/** The authorisation epoch, as text (decision 054: bumped by triggers on api_keys and workspaces). */
export const AUTH_EPOCH_SQL = "(SELECT value::text FROM auth_epochs WHERE id = 1)";

/** One round trip outside any transaction: throws StaleAuthorityError unless the epoch is still `expected`. */
export async function assertAuthEpoch(expected: string): Promise<void> {
  const [row] = await db().$queryRawUnsafe<{ epoch: string | null }[]>(`SELECT ${AUTH_EPOCH_SQL} AS epoch`);
  if (row?.epoch !== expected) throw new StaleAuthorityError();
}

export interface InWorkspaceOptions {
  /** Long readers (streamed exports) say how long they may hold the transaction. */
  timeoutMs?: number;
  /**
   * The authorisation epoch the caller was verified at: read in the same statement as the
   * settings, StaleAuthorityError (and a rollback) before `fn` runs when it moved.
   */
  authEpoch?: string;
}

/**
 * The workspace-scoped data layer: `fn` runs in a transaction as the `switchboard_tenant`
 * role with `app.workspace_id` set, so PostgreSQL's row-level security shows it only this
 * workspace's rows — even for a query that forgets its `workspaceId` filter. Queries still
 * name the workspace; RLS is the net underneath.
 */
export async function inWorkspace<T>(workspaceId: string, fn: (tx: TenantTx) => Promise<T>, options?: InWorkspaceOptions): Promise<T> {
  if (!UUID.test(workspaceId)) throw new Error("inWorkspace: not a workspace id");
  const expected = options?.authEpoch;
  return db().$transaction(
    async (tx) => {
      // One round trip: both settings last until the end of this transaction only, and the
      // epoch (when asked for) is read in the same statement, before the role changes. No
      // parameters (the id is a checked UUID), so on PostgreSQL the held BEGIN travels with
      // it (lib/db/deferred-begin.ts).
      const settings = `set_config('app.workspace_id', '${workspaceId}', true), set_config('role', 'switchboard_tenant', true)`;
      if (expected === undefined) {
        await tx.$queryRawUnsafe(`SELECT ${settings}`);
      } else {
        const [row] = await tx.$queryRawUnsafe<{ epoch: string | null }[]>(`SELECT ${AUTH_EPOCH_SQL} AS epoch, ${settings}`);
        if (row?.epoch !== expected) throw new StaleAuthorityError();
      }
      return fn(tx);
    },
    options?.timeoutMs ? { ...TRANSACTION_DEFAULTS, timeout: options.timeoutMs } : undefined,
  );
}
