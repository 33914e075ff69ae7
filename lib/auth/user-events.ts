import type { Prisma } from "../db/generated/client";
import { db } from "../db/client";
import type { AuditAction } from "../audit/actions";
import type { AuditChanges, AuditTarget, RequestMeta } from "../audit/context";
import { recordAudit } from "../audit/record";

/**
 * Audits an event about a user's own account (sign-in, password change…) in every workspace
 * the user belongs to, so each workspace's admins see it in their log; outside any
 * workspace it goes to the platform chain.
 */
export async function recordUserAudit(
  user: { id: string; email: string },
  action: AuditAction,
  meta: RequestMeta,
  target: AuditTarget | null = null,
  changes: AuditChanges | null = null,
  tx?: Prisma.TransactionClient,
): Promise<void> {
  const memberships = await (tx ?? db()).membership.findMany({ where: { userId: user.id }, select: { workspaceId: true } });
  const workspaceIds = memberships.length > 0 ? memberships.map((m) => m.workspaceId) : [null];
  for (const workspaceId of workspaceIds) {
    await recordAudit(
      { actor: { type: "user", userId: user.id, email: user.email }, workspaceId, ...meta },
      action,
      target ?? { type: "user", id: user.id, label: user.email },
      changes,
      tx,
    );
  }
}
