import "server-only";
import { NextResponse } from "next/server";
import { publicRoute } from "../../../entry/route";
import { OPENAPI_DOCUMENT_ENTRY, openApiDocument } from "../../openapi";

/**
 * GET /openapi.json: anyone may read it, so it is a public route, not an API-key operation.
 * Not re-exported by ./index: the generator imports the index to register every operation,
 * and this module imports the generator.
 */
export const getOpenApiRoute = publicRoute({
  method: OPENAPI_DOCUMENT_ENTRY.method,
  handler: async () => NextResponse.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } }),
});
