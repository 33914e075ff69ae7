import { readdirSync } from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { z } from "zod";
import { beforeAll, describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/api/openapi";
import { apiPreflight, apiRoute, registeredOperations, type ApiOperation } from "@/lib/entry/api-route";
import { entryInfo } from "@/lib/entry/marker";
import { V1 } from "../support/api";
import { first, present } from "../support/items";
import { useTestEnv } from "../support/env";
import { EVENT_PAYLOADS, eventSchemaId } from "@/lib/webhook-events/schemas";
import { WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/event-types";

/**
 * The OpenAPI document is generated from the registered operations (lib/entry/api-route.ts).
 * These tests hold the route files, the registry and the document to each other, so that a
 * route cannot exist undocumented and the document cannot describe a route that is not there.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const V1_DIR = path.join(ROOT, "app", "api", "v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
/** The one v1 route anyone may call: the document itself, described by its own entry. */
const DOCUMENT_PATH = "/openapi.json";

interface RouteExport {
  file: string;
  /** OpenAPI form of the file's path under /api/v1: `[id]` → `{id}`. */
  route: string;
  method: string;
  handler: unknown;
}

interface WebhookEntry {
  post: {
    operationId: string;
    parameters?: { in: string; name: string; required?: boolean }[];
    requestBody: { content: Record<string, { schema?: { $ref?: string }; example?: unknown }> };
    responses: Record<string, unknown>;
  };
}

interface Document {
  webhooks: Record<string, WebhookEntry>;
  components: { schemas: Record<string, { additionalProperties?: unknown }> };
  paths: Record<string, Record<string, { operationId: string; security?: unknown[]; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
}

let exported: RouteExport[] = [];
let routeModules: { file: string; route: string; mod: Record<string, unknown> }[] = [];
let doc: Document;

beforeAll(async () => {
  await useTestEnv();
  const files = readdirSync(V1_DIR, { recursive: true, encoding: "utf8" })
    .filter((f) => path.basename(f) === "route.ts")
    .sort();
  routeModules = [];
  for (const file of files) {
    const route = `/${path.dirname(file).split(path.sep).join("/")}`.replace(/\[([^\]]+)\]/g, "{$1}");
    routeModules.push({ file, route, mod: (await import(path.join(V1_DIR, file))) as Record<string, unknown> });
  }
  exported = routeModules.flatMap(({ file, route, mod }) =>
    METHODS.filter((m) => m in mod).map((method) => ({ file, route, method, handler: mod[method] })),
  );
  doc = openApiDocument() as unknown as Document;
});

const operationOf = (e: RouteExport) => entryInfo(e.handler)?.operation as ApiOperation | undefined;
const apiExports = () => exported.filter((e) => e.route !== DOCUMENT_PATH);

describe("route files and the registry", () => {
  it("finds the v1 route files", () => {
    expect(routeModules.length).toBeGreaterThanOrEqual(13);
    expect(apiExports().length).toBeGreaterThanOrEqual(16);
  });

  it("every exported v1 handler is a registered operation for its method and the file's path", () => {
    const registered = new Set(registeredOperations());
    const wrong: string[] = [];
    for (const e of apiExports()) {
      const op = operationOf(e);
      const info = entryInfo(e.handler);
      if (!op) wrong.push(`${e.file} ${e.method}: not built by apiRoute`);
      else if (!registered.has(op)) wrong.push(`${e.file} ${e.method}: operation ${op.operationId} is not registered`);
      else if (op.method !== e.method) wrong.push(`${e.file} ${e.method}: operation is for ${op.method}`);
      else if (op.path !== e.route) wrong.push(`${e.file} ${e.method}: operation is for ${op.path}`);
      else if (info?.caller !== "apiKey" || info.method !== e.method || info.permission !== op.permission) wrong.push(`${e.file} ${e.method}: entry label does not match the operation`);
    }
    expect(wrong).toEqual([]);
  });

  it("every exported v1 operation is in the document, with a JSON schema on its success answer", () => {
    const missing: string[] = [];
    for (const e of apiExports()) {
      const op = operationOf(e)!;
      const entry = doc.paths[e.route]?.[e.method.toLowerCase()];
      if (!entry) {
        missing.push(`${e.method} ${e.route}: not in the document`);
        continue;
      }
      if (entry.operationId !== op.operationId) missing.push(`${e.method} ${e.route}: documented as ${entry.operationId}`);
      const success = Object.entries(entry.responses).filter(([status]) => /^2\d\d$/.test(status));
      expect(success.map(([status]) => Number(status)), `${e.method} ${e.route}`).toEqual([op.response.status]);
      const [status, answer] = first(success, "2xx response");
      if (status !== "204" && !answer.content?.["application/json"]?.schema) missing.push(`${e.method} ${e.route}: ${status} has no JSON schema`);
      for (const code of ["400", "401", "403", "429"]) if (!entry.responses[code]?.content?.["application/json"]?.schema) missing.push(`${e.method} ${e.route}: no ${code} envelope`);
    }
    expect(missing).toEqual([]);
  });

  it("every registered operation is exported by the route file at its path", () => {
    const routes = new Set(exported.map((e) => `${e.method} ${e.route}`));
    const exportedOps = new Set(apiExports().map(operationOf));
    const stray = registeredOperations()
      .filter((op) => !routes.has(`${op.method} ${op.path}`) || !exportedOps.has(op))
      .map((op) => `${op.method} ${op.path} (${op.operationId})`);
    expect(stray).toEqual([]);
  });

  it("the route files' operations and the registry are the same set", () => {
    const fromFiles = new Set(apiExports().map(operationOf));
    expect(fromFiles.size).toBe(apiExports().length);
    expect(registeredOperations().length).toBe(fromFiles.size);
  });

  it("operation ids are unique", () => {
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("the document describes the route files' operations and nothing else", () => {
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(documented.sort()).toEqual(exported.map((e) => `${e.method} ${e.route}`).sort());
  });

  it("routes that answer browsers' preflight use apiPreflight", () => {
    const wrong = routeModules.filter(({ mod }) => "OPTIONS" in mod && mod.OPTIONS !== apiPreflight).map(({ file }) => file);
    expect(wrong).toEqual([]);
  });

  it("the test helper's V1 table names every v1 route", () => {
    expect(Object.keys(V1).sort()).toEqual(exported.map((e) => `${e.method} ${e.route}`).sort());
  });
});

describe("the document's own route", () => {
  it("GET /openapi.json is public, documented with security: [] and a JSON schema", () => {
    const own = exported.filter((e) => e.route === DOCUMENT_PATH);
    expect(own.map((e) => e.method)).toEqual(["GET"]);
    expect(entryInfo(first(own).handler)).toMatchObject({ kind: "route", caller: "public", method: "GET" });
    const entry = present(doc.paths[DOCUMENT_PATH]?.get, "GET /openapi.json");
    expect(entry.security).toEqual([]);
    expect(present(entry.responses["200"], "its 200").content?.["application/json"]?.schema).toBeTruthy();
  });
});

describe("OpenAPI 3.1", () => {
  it("the document validates against the OpenAPI 3.1 schema", async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(JSON.stringify(doc)));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });
});

describe("the webhooks section (OpenAPI 3.1)", () => {
  it("has one POST per event type, and nothing else", () => {
    expect(Object.keys(doc.webhooks).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    for (const entry of Object.values(doc.webhooks)) expect(Object.keys(entry)).toEqual(["post"]);
  });

  it("each body is its event's payload schema, strict, with an example that the schema accepts", () => {
    for (const type of WEBHOOK_EVENT_TYPES) {
      const body = present(doc.webhooks[type]?.post.requestBody.content["application/json"], `${type} body`);
      expect(body.schema?.$ref, type).toBe(`#/components/schemas/${eventSchemaId(type)}`);
      expect(present(doc.components.schemas[eventSchemaId(type)], `${type} schema`).additionalProperties).toBe(false);
      expect(EVENT_PAYLOADS[type].safeParse(body.example).success, `${type} example`).toBe(true);
      expect(body.example).toMatchObject({ type });
    }
  });

  it("documents the signature headers of every scheme, and which answers end a delivery", () => {
    for (const type of WEBHOOK_EVENT_TYPES) {
      const { parameters = [], responses } = present(doc.webhooks[type], type).post;
      const headers = parameters.filter((p) => p.in === "header").map((p) => p.name);
      expect(headers).toEqual(expect.arrayContaining(["X-Switchboard-Signature", "X-Switchboard-Event-Id", "X-Switchboard-Event-Type", "webhook-id", "webhook-timestamp", "webhook-signature"]));
      expect(Object.keys(responses)).toEqual(expect.arrayContaining(["2XX", "410"]));
    }
  });

  it("webhook operation ids are unique, and none is an API operation's", () => {
    const ids = [...Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId)), ...Object.values(doc.webhooks).map((w) => w.post.operationId)];
    expect(new Set(ids).size).toBe(ids.length);
  });
});

// Last: it adds an operation to this process's registry.
describe("a definition without a route file", () => {
  it("an operation defined but not exported by a route file is caught", () => {
    const before = registeredOperations().length;
    apiRoute({
      method: "GET",
      path: "/not-a-route",
      operationId: "notARoute",
      summary: "Defined, never exported",
      description: "Scope `calls:read`.",
      permission: "calls:read",
      response: { status: 200, description: "Nothing", schema: z.object({}) },
      handler: async () => ({}),
    });
    expect(registeredOperations().length).toBe(before + 1);
    const routes = new Set(exported.map((e) => `${e.method} ${e.route}`));
    expect(registeredOperations().filter((op) => !routes.has(`${op.method} ${op.path}`)).map((op) => op.operationId)).toEqual(["notARoute"]);
  });
});
