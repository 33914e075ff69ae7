import "server-only";
import { listQuery } from "../../../core/pagination";
import { apiRoute } from "../../../entry/api-route";
import { createEndpoint, deleteEndpoint, getEndpoint, listEndpoints, rotateEndpointSecret, updateEndpoint } from "../../../webhooks/endpoints";
import { getRecovery, startRecovery } from "../../../webhooks/recoveries";
import {
  createdWebhookEndpointSchema,
  recoverBody,
  createWebhookEndpointBody,
  rotatedSecretSchema,
  rotateSecretBody,
  updateWebhookEndpointBody,
  webhookEndpointList,
  webhookEndpointPath,
  webhookEndpointSchema,
  webhookRecoveryPath,
  webhookRecoverySchema,
} from "../../../webhooks/schemas";

export const listWebhookEndpointsRoute = apiRoute({
  method: "GET",
  path: "/webhook-endpoints",
  operationId: "listWebhookEndpoints",
  summary: "List webhook endpoints",
  description: "Scope `webhooks:manage`. Endpoints of the key's mode, newest first. Secrets are never listed.",
  permission: "webhooks:manage",
  query: listQuery,
  response: { status: 200, description: "A page of endpoints", schema: webhookEndpointList },
  handler: ({ api, query }) => listEndpoints(api, query),
});

export const createWebhookEndpointRoute = apiRoute({
  method: "POST",
  path: "/webhook-endpoints",
  operationId: "createWebhookEndpoint",
  summary: "Add a webhook endpoint",
  description:
    "Scope `webhooks:manage`. The URL must be https and must not resolve to a private, loopback, link-local or metadata address. The signing secret is in this response only.",
  permission: "webhooks:manage",
  body: createWebhookEndpointBody,
  bodyLimitBytes: 8 * 1024,
  response: { status: 201, description: "The endpoint and its secret", schema: createdWebhookEndpointSchema },
  errors: ["PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"],
  handler: ({ api, body }) => createEndpoint(api, body),
});

export const getWebhookEndpointRoute = apiRoute({
  method: "GET",
  path: "/webhook-endpoints/{id}",
  operationId: "getWebhookEndpoint",
  summary: "Get a webhook endpoint",
  description: "Scope `webhooks:manage`.",
  permission: "webhooks:manage",
  pathParams: webhookEndpointPath,
  response: { status: 200, description: "The endpoint", schema: webhookEndpointSchema },
  errors: ["NOT_FOUND"],
  handler: ({ api, param }) => getEndpoint(api, param("id")),
});

export const updateWebhookEndpointRoute = apiRoute({
  method: "PATCH",
  path: "/webhook-endpoints/{id}",
  operationId: "updateWebhookEndpoint",
  summary: "Change a webhook endpoint",
  description: "Scope `webhooks:manage`. A new URL is checked like a new endpoint's.",
  permission: "webhooks:manage",
  pathParams: webhookEndpointPath,
  body: updateWebhookEndpointBody,
  bodyLimitBytes: 8 * 1024,
  response: { status: 200, description: "The endpoint", schema: webhookEndpointSchema },
  errors: ["NOT_FOUND", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"],
  handler: ({ api, param, body }) => updateEndpoint(api, param("id"), body),
});

export const deleteWebhookEndpointRoute = apiRoute({
  method: "DELETE",
  path: "/webhook-endpoints/{id}",
  operationId: "deleteWebhookEndpoint",
  summary: "Delete a webhook endpoint",
  description: "Scope `webhooks:manage`. Pending deliveries to it stop.",
  permission: "webhooks:manage",
  pathParams: webhookEndpointPath,
  response: { status: 204, description: "Deleted", schema: null },
  errors: ["NOT_FOUND"],
  handler: async ({ api, param }) => {
    await deleteEndpoint(api, param("id"));
    return new Response(null, { status: 204 });
  },
});

export const rotateWebhookSecretRoute = apiRoute({
  method: "POST",
  path: "/webhook-endpoints/{id}/rotate-secret",
  operationId: "rotateWebhookSecret",
  summary: "Rotate an endpoint's signing secret",
  description:
    "Scope `webhooks:manage`. Returns the new secret once. For `grace_period_hours` (0–72, default 24) deliveries carry two `v1=` signatures: the new secret's first, the previous one's second.",
  permission: "webhooks:manage",
  pathParams: webhookEndpointPath,
  body: rotateSecretBody,
  bodyLimitBytes: 1024,
  response: { status: 200, description: "The new secret", schema: rotatedSecretSchema },
  errors: ["NOT_FOUND", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"],
  handler: ({ api, param, body }) => rotateEndpointSecret(api, param("id"), body.grace_period_hours),
});

export const recoverWebhookDeliveriesRoute = apiRoute({
  method: "POST",
  path: "/webhook-endpoints/{id}/recover",
  operationId: "recoverWebhookDeliveries",
  summary: "Recover failed deliveries since a time",
  description:
    "Scope `webhooks:manage`. Starts a background job that sends again, once each, every event whose delivery to this endpoint failed since `since` and that has neither arrived since nor is waiting to. Answers 202 with the recovery; follow its progress at `GET /webhook-endpoints/{id}/recoveries/{recovery_id}`.",
  permission: "webhooks:manage",
  pathParams: webhookEndpointPath,
  body: recoverBody,
  bodyLimitBytes: 1024,
  response: { status: 202, description: "The recovery, queued", schema: webhookRecoverySchema },
  errors: ["NOT_FOUND", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"],
  handler: ({ api, param, body }) => startRecovery(api, param("id"), new Date(body.since)),
});

export const getWebhookRecoveryRoute = apiRoute({
  method: "GET",
  path: "/webhook-endpoints/{id}/recoveries/{recovery_id}",
  operationId: "getWebhookRecovery",
  summary: "Get a recovery's progress",
  description: "Scope `webhooks:manage`. `status` goes queued → running → completed; `done` of `total` events have been queued again.",
  permission: "webhooks:manage",
  pathParams: webhookRecoveryPath,
  response: { status: 200, description: "The recovery", schema: webhookRecoverySchema },
  errors: ["NOT_FOUND"],
  handler: ({ api, param }) => getRecovery(api, param("id"), param("recovery_id")),
});
