import "server-only";
import { listAuditLogs } from "../../../audit/query";
import { auditLogList, auditQuery } from "../../../audit/schemas";
import { apiRoute } from "../../../entry/api-route";

export const listAuditLogsRoute = apiRoute({
  method: "GET",
  path: "/audit-logs",
  operationId: "listAuditLogs",
  summary: "List audit log entries",
  description: "Scope `audit:read`. Newest first; filters combine.",
  permission: "audit:read",
  query: auditQuery,
  response: { status: 200, description: "A page of audit entries", schema: auditLogList },
  handler: ({ api, query }) => listAuditLogs(api, query),
});
