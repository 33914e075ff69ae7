import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { resolveRequestId } from "@/lib/core/request-id";
import { errorResponse } from "@/lib/api/respond";
import { assertWorkspaceOpen, workspaceRouteContext } from "@/lib/authz/page";
import { addDocument, documentJson } from "@/lib/knowledge/documents";
import { readUploadedFile } from "@/lib/knowledge/multipart";

/**
 * POST /{workspace}/knowledge/upload — the dashboard's upload (multipart, one `file`). A
 * route handler rather than a server action: server actions cap bodies at 1 MB for every
 * form, and this one needs 20 MB. Same path as the API: knowledge:manage, lib/knowledge,
 * the proxy's cross-site check in front.
 */
export async function POST(request: NextRequest, { params }: { params: Promise<{ workspace: string }> }): Promise<Response> {
  const requestId = resolveRequestId(request.headers.get("x-request-id"));
  try {
    const ctx = await workspaceRouteContext((await params).workspace, "knowledge:manage");
    assertWorkspaceOpen(ctx);
    const doc = await addDocument(ctx, await readUploadedFile(request));
    return NextResponse.json(documentJson(doc), { status: 201 });
  } catch (error) {
    return errorResponse(error, requestId);
  }
}

export const dynamic = "force-dynamic";
