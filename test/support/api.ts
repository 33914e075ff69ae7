import { NextRequest } from "next/server";
import { generateKey, hashKey, parseKey, type KeyMode, type KeyType } from "@/lib/api-keys/format";
import { db } from "@/lib/db/client";
import * as auditRoute from "@/app/api/v1/audit-logs/route";
import * as auditCheckpointsRoute from "@/app/api/v1/audit-logs/checkpoints/route";
import * as phoneRoute from "@/app/api/v1/phone-numbers/route";
import * as phoneByIdRoute from "@/app/api/v1/phone-numbers/[id]/route";
import * as openapiRoute from "@/app/api/v1/openapi.json/route";
import * as callsRoute from "@/app/api/v1/calls/route";
import * as callByIdRoute from "@/app/api/v1/calls/[id]/route";
import * as recordingRoute from "@/app/api/v1/calls/[id]/recording/route";
import * as testCallsRoute from "@/app/api/v1/test-calls/route";
import * as endpointsRoute from "@/app/api/v1/webhook-endpoints/route";
import * as endpointRoute from "@/app/api/v1/webhook-endpoints/[id]/route";
import * as rotateRoute from "@/app/api/v1/webhook-endpoints/[id]/rotate-secret/route";
import * as signingKeysRoute from "@/app/api/v1/webhook-signing-keys/route";
import * as rotateSigningKeyRoute from "@/app/api/v1/webhook-signing-keys/rotate/route";
import * as recoverRoute from "@/app/api/v1/webhook-endpoints/[id]/recover/route";
import * as recoveryRoute from "@/app/api/v1/webhook-endpoints/[id]/recoveries/[recovery_id]/route";
import * as endpointHealthRoute from "@/app/api/v1/webhook-endpoints/[id]/health/route";
import * as knowledgeDocumentsRoute from "@/app/api/v1/knowledge-base/documents/route";
import * as knowledgeImportsRoute from "@/app/api/v1/knowledge-base/imports/route";
import * as requestLogsRoute from "@/app/api/v1/request-logs/route";
import * as widgetsRoute from "@/app/api/v1/widgets/route";

/** The v1 route handlers, called in-process with real requests (no server needed). */
export const V1 = {
  "GET /calls": callsRoute.GET,
  "GET /calls/{id}": callByIdRoute.GET,
  "GET /calls/{id}/recording": recordingRoute.GET,
  "POST /test-calls": testCallsRoute.POST,
  "GET /webhook-endpoints": endpointsRoute.GET,
  "POST /webhook-endpoints": endpointsRoute.POST,
  "GET /webhook-endpoints/{id}": endpointRoute.GET,
  "PATCH /webhook-endpoints/{id}": endpointRoute.PATCH,
  "DELETE /webhook-endpoints/{id}": endpointRoute.DELETE,
  "POST /webhook-endpoints/{id}/rotate-secret": rotateRoute.POST,
  "GET /webhook-signing-keys": signingKeysRoute.GET,
  "POST /webhook-signing-keys/rotate": rotateSigningKeyRoute.POST,
  "POST /webhook-endpoints/{id}/recover": recoverRoute.POST,
  "GET /webhook-endpoints/{id}/recoveries/{recovery_id}": recoveryRoute.GET,
  "GET /webhook-endpoints/{id}/health": endpointHealthRoute.GET,
  "GET /phone-numbers": phoneRoute.GET,
  "POST /phone-numbers": phoneRoute.POST,
  "GET /phone-numbers/{id}": phoneByIdRoute.GET,
  "GET /audit-logs": auditRoute.GET,
  "GET /audit-logs/checkpoints": auditCheckpointsRoute.GET,
  "POST /knowledge-base/documents": knowledgeDocumentsRoute.POST,
  "POST /knowledge-base/imports": knowledgeImportsRoute.POST,
  "GET /request-logs": requestLogsRoute.GET,
  "GET /widgets": widgetsRoute.GET,
  "GET /openapi.json": openapiRoute.GET,
} as const;

export type V1Route = keyof typeof V1;

export async function call(
  route: V1Route,
  init: { key?: string; query?: string; body?: unknown; rawBody?: string; form?: FormData; headers?: Record<string, string>; params?: Record<string, string> } = {},
) {
  const [method = "GET", template = "/"] = route.split(" ");
  const params = init.params ?? { id: "00000000-0000-0000-0000-000000000000" };
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ""));
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.key) headers["x-api-key"] = init.key;
  let body: string | FormData | undefined;
  // A FormData body: the request sets its own multipart Content-Type with the boundary.
  if (init.form) body = init.form;
  else if (init.rawBody !== undefined || init.body !== undefined) {
    body = init.rawBody ?? JSON.stringify(init.body);
    headers["content-type"] ??= "application/json";
  }
  const request = new NextRequest(`http://localhost/api/v1${path}${init.query ? `?${init.query}` : ""}`, { method, headers, body });
  const handler = V1[route] as (r: NextRequest, c: { params: Promise<Record<string, string>> }) => Promise<Response>;
  const response = await handler(request, { params: Promise.resolve(params) });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: response.status, headers: response.headers, text, json: json as { error?: { code: string; message: string; request_id: string } } & Record<string, unknown> };
}

export async function insertKey(workspaceId: string, options: { mode?: KeyMode; type?: KeyType; scopes: string[]; expiresAt?: Date; revokedAt?: Date }) {
  const key = generateKey(options.mode ?? "live", options.type ?? "sk");
  const parsed = parseKey(key)!;
  const row = await db().apiKey.create({
    data: {
      workspaceId,
      name: "test key",
      type: options.type ?? "sk",
      mode: options.mode ?? "live",
      keyHash: hashKey(key),
      prefix: parsed.prefix,
      last4: parsed.last4,
      scopes: options.scopes,
      expiresAt: options.expiresAt,
      revokedAt: options.revokedAt,
    },
  });
  return { key, id: row.id };
}
