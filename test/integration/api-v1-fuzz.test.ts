import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/api/openapi";
import { registeredOperations } from "@/lib/entry/api-route";
import { PERMISSIONS } from "@/lib/authz/permissions";
import { db } from "@/lib/db/client";
import { call, insertKey, V1 } from "../support/api";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { createUser } from "../support/users";

let database: TestDatabase;
let key: string;
beforeAll(async () => {
  await useTestEnv({ RATE_LIMIT_KEY_REQUESTS: "1000000" });
  database = await createTestDatabase();
  await createUser("owner@fuzz.test", { workspaceSlug: "fuzz" });
  const ws = await db().workspace.findUniqueOrThrow({ where: { slug: "fuzz" } });
  key = (await insertKey(ws.id, { scopes: [...PERMISSIONS] })).key;
});
afterAll(async () => database.close());

const routes = Object.keys(V1) as (keyof typeof V1)[];
const queryString = fc.array(fc.tuple(fc.oneof(fc.constantFrom("limit", "cursor", "action", "from", "to", "actor_type", "number"), fc.string({ maxLength: 12 })), fc.oneof(fc.string({ maxLength: 40 }), fc.integer().map(String), fc.constant(""))), { maxLength: 5 })
  .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&"));
const headerValue = fc.string({ maxLength: 60 }).filter((s) => /^[\x20-\x7e]*$/.test(s));
const body = fc.oneof(fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), fc.string({ maxLength: 200 }));

describe("property: random input never breaks the envelope", () => {
  it("any query, headers and body at any v1 route: no 500, no stack, always the envelope on errors", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        queryString,
        fc.oneof(fc.constant(key), headerValue),
        fc.option(body, { nil: undefined }),
        fc.constantFrom("application/json", "text/plain", "application/json; charset=utf-8", ""),
        async (route, query, apiKey, rawBody, contentType) => {
          const r = await call(route, {
            key: apiKey,
            query,
            rawBody: route.startsWith("POST") ? rawBody : undefined,
            headers: contentType ? { "content-type": contentType } : {},
          });
          expect(r.status).toBeLessThan(500);
          expect(r.text).not.toMatch(/at .*\.(ts|js):\d+|Error:|prisma|SELECT /i);
          expect(r.headers.get("x-request-id")).toBeTruthy();
          if (r.status >= 400) {
            expect(r.json?.error?.code).toMatch(/^[A-Z_]+$/);
            expect(r.json?.error?.request_id).toBe(r.headers.get("x-request-id"));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("OpenAPI", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(JSON.stringify(openApiDocument())));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("lists every v1 route that exists, and only those", () => {
    // The registered operations, plus the document's own public route.
    const V1_ROUTES = [...registeredOperations().map((op) => `${op.method} ${op.path}`), "GET /openapi.json"];
    const root = path.resolve("app/api/v1");
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const full = path.join(dir, entry);
        if (statSync(full).isDirectory()) walk(full);
        else if (entry === "route.ts") {
          const source = readFileSync(full, "utf8");
          const route = `/${path.relative(root, dir).split(path.sep).join("/")}`.replace(/\[([^\]]+)\]/g, "{$1}");
          for (const m of source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE) =/g)) found.push(`${m[1]} ${route}`);
        }
      }
    };
    walk(root);
    expect(found.sort()).toEqual([...V1_ROUTES].sort());
    const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(documented.sort()).toEqual([...V1_ROUTES].sort());
  });
});
