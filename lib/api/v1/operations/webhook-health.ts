import "server-only";
import { apiRoute } from "../../../entry/api-route";
import { endpointHealth } from "../../../webhooks/health";
import { endpointHealthQuery, endpointHealthSchema } from "../../../webhooks/health-schemas";
import { webhookEndpointPath } from "../../../webhooks/schemas";

export const getWebhookEndpointHealthRoute = apiRoute({
  method: "GET",
  path: "/webhook-endpoints/{id}/health",
  operationId: "getWebhookEndpointHealth",
  summary: "Get an endpoint's delivery health",
  description:
    "Scope `webhooks:manage`. Over the last 24 hours (hourly buckets) or 7 days (6-hourly): attempts, successes, success rate, p50/p99 latency, since when it has been failing and when it will be disabled automatically for that. Counts only: no payloads or response excerpts.",
  permission: "webhooks:manage",
  pathParams: webhookEndpointPath,
  query: endpointHealthQuery,
  response: { status: 200, description: "The endpoint's health over the window", schema: endpointHealthSchema },
  errors: ["NOT_FOUND"],
  handler: ({ api, param, query }) => endpointHealth(api, param("id"), query.window),
});
