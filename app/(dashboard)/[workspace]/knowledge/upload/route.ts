import { NextResponse } from "next/server";
import { memberRoute } from "@/lib/entry/route";
import { addDocument, documentJson } from "@/lib/knowledge/documents";
import { readUploadedFile } from "@/lib/knowledge/multipart";

/**
 * POST /{workspace}/knowledge/upload — the dashboard's upload (multipart, one `file`). A
 * route handler rather than a server action: server actions cap bodies at 1 MB for every
 * form, and this one needs 20 MB. Same path as the API: knowledge:manage, lib/knowledge,
 * the proxy's cross-site check in front, the read-only rule from the entry layer.
 */
export const POST = memberRoute({
  method: "POST",
  permission: "knowledge:manage",
  handler: async ({ principal, request }) => NextResponse.json(documentJson(await addDocument(principal, await readUploadedFile(request))), { status: 201 }),
});

export const dynamic = "force-dynamic";
