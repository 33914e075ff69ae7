import { NextResponse } from "next/server";
import { defineRoute } from "@/lib/api/define-route";
import { openApiDocument } from "@/lib/api/openapi";

// The API's description, generated from the same zod schemas that validate requests.
export const GET = defineRoute({
  access: "public",
  handler: async () => NextResponse.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } }),
});
