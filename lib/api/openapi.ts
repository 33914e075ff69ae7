import { createDocument, type ZodOpenApiResponsesObject } from "zod-openapi";
import type { z } from "zod";
import { config } from "../config";
import { ERROR_STATUS } from "../core/errors";
import {
  auditLogList,
  auditQuery,
  callDetailSchema,
  callList,
  callPath,
  callsQuery,
  createPhoneNumberBody,
  createTestCallBody,
  errorSchema,
  importDocumentBody,
  knowledgeDocumentSchema,
  uploadDocumentBody,
  listQuery,
  phoneNumberList,
  phoneNumberPath,
  phoneNumberSchema,
  recordingUrlSchema,
  createWebhookEndpointBody,
  createdWebhookEndpointSchema,
  rotateSecretBody,
  rotatedSecretSchema,
  updateWebhookEndpointBody,
  webhookEndpointList,
  webhookEndpointPath,
  webhookEndpointSchema,
} from "./v1/schemas";

/**
 * OpenAPI 3.1 for /api/v1, generated from the zod schemas the routes validate with. Every
 * v1 route must appear here; a test compares this list with the route files.
 */
const json = (schema: z.ZodType) => ({ content: { "application/json": { schema } } });
const error = (description: string) => ({ description, ...json(errorSchema) });

function responses(ok: Record<string, { description: string; schema: z.ZodType }>, codes: (keyof typeof ERROR_STATUS)[]): ZodOpenApiResponsesObject {
  const out: ZodOpenApiResponsesObject = {};
  for (const [status, r] of Object.entries(ok)) out[status as `2${string}`] = { description: r.description, ...json(r.schema) };
  for (const code of codes) {
    const status = String(ERROR_STATUS[code]) as `4${string}`;
    out[status] = error(out[status] ? `${(out[status] as { description: string }).description}, ${code}` : code);
  }
  return out;
}

const COMMON = ["API_KEY_IN_QUERY", "DUPLICATE_PARAMETER", "INVALID_API_KEY", "INSUFFICIENT_SCOPE", "RATE_LIMITED", "VALIDATION_FAILED"] as const;

export const V1_ROUTES = [
  "GET /calls",
  "GET /calls/{id}",
  "GET /calls/{id}/recording",
  "POST /test-calls",
  "GET /webhook-endpoints",
  "POST /webhook-endpoints",
  "GET /webhook-endpoints/{id}",
  "PATCH /webhook-endpoints/{id}",
  "DELETE /webhook-endpoints/{id}",
  "POST /webhook-endpoints/{id}/rotate-secret",
  "GET /phone-numbers", "POST /phone-numbers", "GET /phone-numbers/{id}", "GET /audit-logs",
  "POST /knowledge-base/documents",
  "POST /knowledge-base/imports",
  "GET /openapi.json"] as const;

let cached: ReturnType<typeof createDocument> | undefined;

export function openApiDocument() {
  cached ??= createDocument({
    openapi: "3.1.0",
    info: {
      title: "Switchboard API",
      version: "1",
      description:
        "Authenticate with the `X-API-Key` header only (a key in the URL is refused). Live keys see live data, test keys test data. Every response carries `X-Request-Id`; errors use one JSON envelope.",
    },
    servers: [{ url: `${config().APP_URL}/api/v1` }],
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: { apiKey: { type: "apiKey", in: "header", name: "X-API-Key" } },
    },
    paths: {
      "/calls": {
        get: {
          operationId: "listCalls",
          summary: "List calls",
          description:
            "Scope `calls:read`. Newest first unless `sort` says otherwise; filters combine. Caller numbers are masked (`caller_display`); `caller_number` appears only when the workspace has masking off and the key has `calls:read_unmasked`. `caller` searches by the number's keyed hash: exact full numbers only.",
          requestParams: { query: callsQuery },
          responses: responses({ "200": { description: "A page of calls", schema: callList } }, [...COMMON]),
        },
      },
      "/calls/{id}": {
        get: {
          operationId: "getCall",
          summary: "Get a call, with its transcript",
          description: "Scope `calls:read`. Calls of other workspaces or the other mode answer 404.",
          requestParams: { path: callPath },
          responses: responses({ "200": { description: "The call", schema: callDetailSchema } }, [...COMMON, "NOT_FOUND"]),
        },
      },
      "/calls/{id}/recording": {
        get: {
          operationId: "getCallRecording",
          summary: "A signed URL for the call's recording",
          description: "Scope `calls:read`. The URL works for 60 seconds, needs no key, and is refused once expired or altered.",
          requestParams: { path: callPath },
          responses: responses({ "200": { description: "The signed URL", schema: recordingUrlSchema } }, [...COMMON, "NOT_FOUND"]),
        },
      },
      "/test-calls": {
        post: {
          operationId: "createTestCall",
          summary: "Simulate a call",
          description:
            "Scope `test_calls:run`. Creates a simulated call in the key's mode (test keys: test data) with a transcript and a generated recording, so the whole path can be tried without telephony.",
          requestBody: json(createTestCallBody),
          responses: responses({ "201": { description: "The call", schema: callDetailSchema } }, [...COMMON, "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"]),
        },
      },
      "/webhook-endpoints": {
        get: {
          operationId: "listWebhookEndpoints",
          summary: "List webhook endpoints",
          description: "Scope `webhooks:manage`. Endpoints of the key's mode, newest first. Secrets are never listed.",
          requestParams: { query: listQuery },
          responses: responses({ "200": { description: "A page of endpoints", schema: webhookEndpointList } }, [...COMMON]),
        },
        post: {
          operationId: "createWebhookEndpoint",
          summary: "Add a webhook endpoint",
          description:
            "Scope `webhooks:manage`. The URL must be https and must not resolve to a private, loopback, link-local or metadata address. The signing secret is in this response only.",
          requestBody: json(createWebhookEndpointBody),
          responses: responses({ "201": { description: "The endpoint and its secret", schema: createdWebhookEndpointSchema } }, [...COMMON, "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"]),
        },
      },
      "/webhook-endpoints/{id}": {
        get: {
          operationId: "getWebhookEndpoint",
          summary: "Get a webhook endpoint",
          description: "Scope `webhooks:manage`.",
          requestParams: { path: webhookEndpointPath },
          responses: responses({ "200": { description: "The endpoint", schema: webhookEndpointSchema } }, [...COMMON, "NOT_FOUND"]),
        },
        patch: {
          operationId: "updateWebhookEndpoint",
          summary: "Change a webhook endpoint",
          description: "Scope `webhooks:manage`. A new URL is checked like a new endpoint's.",
          requestParams: { path: webhookEndpointPath },
          requestBody: json(updateWebhookEndpointBody),
          responses: responses({ "200": { description: "The endpoint", schema: webhookEndpointSchema } }, [...COMMON, "NOT_FOUND", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"]),
        },
        delete: {
          operationId: "deleteWebhookEndpoint",
          summary: "Delete a webhook endpoint",
          description: "Scope `webhooks:manage`. Pending deliveries to it stop.",
          requestParams: { path: webhookEndpointPath },
          responses: { ...responses({}, [...COMMON, "NOT_FOUND"]), "204": { description: "Deleted" } },
        },
      },
      "/webhook-endpoints/{id}/rotate-secret": {
        post: {
          operationId: "rotateWebhookSecret",
          summary: "Rotate an endpoint's signing secret",
          description:
            "Scope `webhooks:manage`. Returns the new secret once. For `grace_period_hours` (0–72, default 24) deliveries carry two `v1=` signatures: the new secret's first, the previous one's second.",
          requestParams: { path: webhookEndpointPath },
          requestBody: json(rotateSecretBody),
          responses: responses({ "200": { description: "The new secret", schema: rotatedSecretSchema } }, [...COMMON, "NOT_FOUND", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"]),
        },
      },
      "/phone-numbers": {
        get: {
          operationId: "listPhoneNumbers",
          summary: "List phone numbers",
          description: "Scope `calls:read`. Newest first.",
          requestParams: { query: listQuery },
          responses: responses({ "200": { description: "A page of phone numbers", schema: phoneNumberList } }, [...COMMON]),
        },
        post: {
          operationId: "createPhoneNumber",
          summary: "Add a phone number",
          description: "Scope `numbers:manage`. The number must be valid E.164.",
          requestBody: json(createPhoneNumberBody),
          responses: responses({ "201": { description: "The number", schema: phoneNumberSchema } }, [...COMMON, "CONFLICT", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"]),
        },
      },
      "/phone-numbers/{id}": {
        get: {
          operationId: "getPhoneNumber",
          summary: "Get a phone number",
          description: "Scope `calls:read`. Numbers of other workspaces or the other mode answer 404.",
          requestParams: { path: phoneNumberPath },
          responses: responses({ "200": { description: "The number", schema: phoneNumberSchema } }, [...COMMON, "NOT_FOUND"]),
        },
      },
      "/audit-logs": {
        get: {
          operationId: "listAuditLogs",
          summary: "List audit log entries",
          description: "Scope `audit:read`. Newest first; filters combine.",
          requestParams: { query: auditQuery },
          responses: responses({ "200": { description: "A page of audit entries", schema: auditLogList } }, [...COMMON]),
        },
      },
      "/knowledge-base/documents": {
        post: {
          operationId: "uploadKnowledgeDocument",
          summary: "Upload a knowledge-base document",
          description:
            "Scope `knowledge:manage`. multipart/form-data with one `file`. The type is decided by the file's bytes (PDF, DOCX, text, Markdown, CSV); executables, archives that expand too far, macros, SVG and markup with script are refused, each as a security event. When a virus scanner is configured the file is scanned first (a detection quarantines it: 400 with `details[0].issue` = `infected`; an unreachable scanner: 503). Answers with the stored document; `knowledge_base.document.ready` / `.rejected` webhook events follow.",
          requestBody: { content: { "multipart/form-data": { schema: uploadDocumentBody } } },
          responses: responses({ "201": { description: "The document", schema: knowledgeDocumentSchema } }, [...COMMON, "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE", "SERVICE_UNAVAILABLE"]),
        },
      },
      "/knowledge-base/imports": {
        post: {
          operationId: "importKnowledgeDocument",
          summary: "Import a knowledge-base document from a URL",
          description:
            "Scope `knowledge:manage`. The URL must not resolve to a private, loopback, link-local or metadata address; redirects are not followed; the whole fetch has 15 seconds and the file the size limit of its type. The Content-Type must be one of the allowed types, then the file gets the same checks as an upload.",
          requestBody: json(importDocumentBody),
          responses: responses({ "201": { description: "The document", schema: knowledgeDocumentSchema } }, [...COMMON, "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE", "SERVICE_UNAVAILABLE"]),
        },
      },
      "/openapi.json": {
        get: {
          operationId: "getOpenApi",
          summary: "This document",
          security: [],
          responses: { "200": { description: "OpenAPI 3.1 document" } },
        },
      },
    },
  });
  return cached;
}
