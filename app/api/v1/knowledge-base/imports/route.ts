import { NextResponse } from "next/server";
import { apiPreflight, defineApiRoute } from "@/lib/api/api-route";
import { importDocumentBody } from "@/lib/api/v1/schemas";
import { documentJson } from "@/lib/knowledge/documents";
import { importFromUrl } from "@/lib/knowledge/import";

/** POST /api/v1/knowledge-base/imports — `{"url": …}`: fetched through the SSRF-safe client. */
export const POST = defineApiRoute({
  permission: "knowledge:manage",
  body: importDocumentBody,
  bodyLimitBytes: 8 * 1024,
  handler: async ({ api, body }) => NextResponse.json(documentJson(await importFromUrl(api, body.url)), { status: 201 }),
});

export const OPTIONS = apiPreflight;
