import "server-only";
import { apiRoute } from "../../../entry/api-route";
import { listRequestLogs, requestLogJson } from "../../../request-logs/query";
import { requestLogList, requestLogQuery } from "../../../request-logs/schemas";

export const listRequestLogsRoute = apiRoute({
  method: "GET",
  path: "/request-logs",
  operationId: "listRequestLogs",
  summary: "List API request logs",
  description:
    "Scope `api_keys:read`. Every /api/v1 request made with one of the workspace's keys, newest first: find one by the `X-Request-Id` of its response. Never bodies, keys or query strings. Filters combine.",
  permission: "api_keys:read",
  query: requestLogQuery,
  response: { status: 200, description: "A page of request logs", schema: requestLogList },
  handler: async ({ api, query: { limit, cursor, ...filters } }) => {
    const { rows, nextCursor } = await listRequestLogs(api.data, api.workspace.id, filters, { limit, cursor });
    return { data: rows.map(requestLogJson), next_cursor: nextCursor };
  },
});
