import { apiPreflight, defineApiRoute } from "@/lib/api/api-route";
import { auditQuery } from "@/lib/api/v1/schemas";
import { listAuditLogs } from "@/lib/audit/query";

export const GET = defineApiRoute({
  permission: "audit:read",
  query: auditQuery,
  handler: ({ api, query }) => listAuditLogs(api, query),
});

export const OPTIONS = apiPreflight;
