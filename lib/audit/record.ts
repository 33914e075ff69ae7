import type { Prisma } from "../db/generated/client";
import { db } from "../db/client";
import type { AuditAction } from "./actions";
import { GENESIS_HASH, rowHash } from "./chain";
import { actorColumns, chainKeyOf, type AuditChanges, type AuditContext, type AuditTarget } from "./context";

type Tx = Prisma.TransactionClient;

/**
 * Appends one audit row, chained to the previous row of its workspace. The chain head row
 * is locked (by the upsert that reads it) for the length of the transaction, so concurrent appends in one
 * workspace queue up instead of forking the chain. Pass `tx` to commit the audit row with
 * the change it records.
 */
export async function recordAudit(
  ctx: AuditContext,
  action: AuditAction,
  target: AuditTarget | null = null,
  changes: AuditChanges | null = null,
  tx?: Tx,
): Promise<void> {
  if (tx) return append(tx, ctx, action, target, changes);
  await db().$transaction((t) => append(t, ctx, action, target, changes));
}

async function append(
  tx: Tx,
  ctx: AuditContext,
  action: AuditAction,
  target: AuditTarget | null,
  changes: AuditChanges | null,
): Promise<void> {
  const chainKey = chainKeyOf(ctx.workspaceId);
  // Creates the head at genesis or locks the existing one (DO UPDATE takes the row lock, as
  // FOR UPDATE would), answering it in the same round trip.
  const [head] = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`
    INSERT INTO audit_chain_heads (chain_key, seq, hash) VALUES (${chainKey}, 0, ${GENESIS_HASH})
    ON CONFLICT (chain_key) DO UPDATE SET chain_key = EXCLUDED.chain_key
    RETURNING seq, hash`;
  if (!head) throw new Error(`audit chain head ${chainKey} missing after upsert`);
  const fields = {
    chainKey,
    seq: BigInt(head.seq) + 1n,
    workspaceId: ctx.workspaceId,
    // Millisecond precision: exactly what timestamptz(3) stores, so the hash re-verifies.
    occurredAt: new Date(Math.floor(Date.now())),
    ...actorColumns(ctx.actor),
    action,
    targetType: target?.type ?? null,
    targetId: target?.id ?? null,
    targetLabel: target?.label?.slice(0, 254) ?? null,
    changes: changes ? (JSON.parse(JSON.stringify(changes)) as Prisma.InputJsonValue) : null,
    ip: ctx.ip ?? null,
    userAgent: ctx.userAgent?.slice(0, 512) ?? null,
    requestId: ctx.requestId ?? null,
  };
  const hash = rowHash(head.hash, fields);
  // The row and the new head in one statement: the head stays locked for one round trip
  // less, and every audited write in the workspace queues on that lock.
  await tx.$executeRaw`
    WITH entry AS (
      INSERT INTO audit_logs (chain_key, seq, workspace_id, occurred_at, actor_type, actor_id, actor_label, action,
        target_type, target_id, target_label, changes, ip, user_agent, request_id, prev_hash, hash)
      VALUES (${chainKey}, ${fields.seq}, ${fields.workspaceId}::uuid, ${fields.occurredAt}::timestamptz, ${fields.actorType},
        ${fields.actorId}, ${fields.actorLabel}, ${fields.action}, ${fields.targetType}, ${fields.targetId}, ${fields.targetLabel},
        ${fields.changes === null ? null : JSON.stringify(fields.changes)}::jsonb, ${fields.ip}, ${fields.userAgent}, ${fields.requestId},
        ${head.hash}, ${hash})
    )
    UPDATE audit_chain_heads SET seq = ${fields.seq}, hash = ${hash} WHERE chain_key = ${chainKey}`;
}
