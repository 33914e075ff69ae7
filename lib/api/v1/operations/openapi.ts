import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { publicRoute } from "../../../entry/route";
import { openApiDocument } from "../../openapi";

/**
 * The document's own entry. It is not an API-key operation (anyone may read it), so it is not
 * in the registry; the generator adds it from here, with `security: []`.
 */
export const openApiDocumentEntry = {
  method: "GET",
  path: "/openapi.json",
  operationId: "getOpenApi",
  summary: "This document",
  response: {
    status: 200,
    description: "OpenAPI 3.1 document",
    schema: z
      .looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) })
      .meta({ id: "OpenApiDocument" }),
  },
} as const;

// The API's description, generated from the same operations and zod schemas that validate requests.
export const getOpenApiRoute = publicRoute({
  method: openApiDocumentEntry.method,
  handler: async () => NextResponse.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } }),
});
