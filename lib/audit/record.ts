import type { Prisma } from "../db/generated/client";
import { db } from "../db/client";
import type { AuditAction } from "./actions";
import { GENESIS_HASH, rowHash } from "./chain";
import { actorColumns, chainKeyOf, type AuditChanges, type AuditContext, type AuditTarget } from "./context";

type Tx = Prisma.TransactionClient;

/**
 * Appends one audit row, chained to the previous row of its workspace. The chain head row
 * is locked (FOR UPDATE) for the length of the transaction, so concurrent appends in one
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
  await tx.$executeRaw`INSERT INTO audit_chain_heads (chain_key, seq, hash) VALUES (${chainKey}, 0, ${GENESIS_HASH}) ON CONFLICT (chain_key) DO NOTHING`;
  const [head] = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`SELECT seq, hash FROM audit_chain_heads WHERE chain_key = ${chainKey} FOR UPDATE`;
  // The INSERT … ON CONFLICT DO NOTHING above guarantees the row.
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
  await tx.auditLog.create({
    data: { ...fields, changes: fields.changes ?? undefined, prevHash: head.hash, hash },
  });
  await tx.auditChainHead.update({ where: { chainKey }, data: { seq: fields.seq, hash } });
}
