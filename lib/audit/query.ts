import type { ApiKeyContext } from "../api-keys/authenticate";
import { decodeCursor, page } from "../core/pagination";

export interface AuditFilters {
  limit: number;
  cursor?: string;
  action?: string;
  actor_type?: string;
  target_type?: string;
  from?: string;
  to?: string;
}

/** A workspace's audit rows, newest first, filtered, keyset-paginated. */
export async function listAuditLogs(api: Pick<ApiKeyContext, "data" | "workspace">, f: AuditFilters) {
  const cursor = decodeCursor(f.cursor, "serial");
  const rows = await api.data((tx) =>
    tx.auditLog.findMany({
      where: {
        workspaceId: api.workspace.id,
        ...(f.action ? { action: f.action } : {}),
        ...(f.actor_type ? { actorType: f.actor_type } : {}),
        ...(f.target_type ? { targetType: f.target_type } : {}),
        ...(f.from || f.to ? { occurredAt: { ...(f.from ? { gte: new Date(f.from) } : {}), ...(f.to ? { lt: new Date(f.to) } : {}) } } : {}),
        ...(cursor ? { id: { lt: BigInt(cursor.id) } } : {}),
      },
      orderBy: { id: "desc" },
      take: f.limit + 1,
    }),
  );
  const { items, nextCursor } = page(rows, f.limit);
  return {
    data: items.map((r) => ({
      id: String(r.id),
      occurred_at: r.occurredAt.toISOString(),
      actor: { type: r.actorType, id: r.actorId, label: r.actorLabel },
      action: r.action,
      target: { type: r.targetType, id: r.targetId, label: r.targetLabel },
      changes: r.changes ?? null,
      ip: r.ip,
      request_id: r.requestId,
    })),
    next_cursor: nextCursor,
  };
}
