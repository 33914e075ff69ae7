import "server-only";
import { apiAuditQuery, listAuditPage, type AuditEntry } from "../../../audit/entries";
import { auditLogList, auditQuery } from "../../../audit/schemas";
import { decodeCursor, encodeCursor } from "../../../core/pagination";
import { apiRoute } from "../../../entry/api-route";

/** An entry as the API shows it (`AuditLog` in the OpenAPI document). */
const auditLogJson = (e: AuditEntry) => ({
  id: e.id,
  occurred_at: e.occurredAt.toISOString(),
  actor: { type: e.actorType, id: e.actorId, label: e.actorLabel },
  action: e.action,
  target: { type: e.targetType, id: e.targetId, label: e.targetLabel },
  changes: e.changes ?? null,
  ip: e.ip,
  request_id: e.requestId,
});

export const listAuditLogsRoute = apiRoute({
  method: "GET",
  path: "/audit-logs",
  operationId: "listAuditLogs",
  summary: "List audit log entries",
  description: "Scope `audit:read`. Newest first; filters combine.",
  permission: "audit:read",
  query: auditQuery,
  response: { status: 200, description: "A page of audit entries", schema: auditLogList },
  // The dashboard's page query; the opaque cursor carries the chain's sequence number.
  handler: async ({ api, query: { limit, cursor, ...filters } }) => {
    const after = decodeCursor(cursor, "serial");
    const { entries, nextCursor } = await listAuditPage(api.data, api.workspace.id, apiAuditQuery(filters), { limit, cursor: after?.id });
    const last = entries.at(-1);
    return { data: entries.map(auditLogJson), next_cursor: nextCursor && last ? encodeCursor({ at: last.occurredAt.toISOString(), id: last.seq }) : null };
  },
});
