import type { NextRequest } from "next/server";
import { AppError } from "@/lib/core/errors";
import { resolveRequestId } from "@/lib/core/request-id";
import { errorResponse } from "@/lib/api/respond";
import { workspaceRouteContext } from "@/lib/authz/page";
import { signDocumentUrl } from "@/lib/knowledge/download";

/**
 * GET /{workspace}/knowledge/{id}/download — for a member with knowledge:manage, a redirect
 * to a fresh 60-second signed URL of a ready document. The link on the page stays stable;
 * only a click mints a URL, which expires before anyone could share it.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ workspace: string; documentId: string }> }): Promise<Response> {
  const requestId = resolveRequestId(request.headers.get("x-request-id"));
  try {
    const { workspace, documentId } = await params;
    const ctx = await workspaceRouteContext(workspace, "knowledge:manage");
    const doc = await ctx.data((tx) => tx.knowledgeDocument.findFirst({ where: { id: documentId, workspaceId: ctx.workspace.id, status: "ready" }, select: { id: true } }));
    if (!doc) throw new AppError("NOT_FOUND", "No such document.");
    const { url } = await signDocumentUrl(ctx.workspace.id, doc.id);
    return new Response(null, { status: 303, headers: { Location: url, "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error, requestId);
  }
}

export const dynamic = "force-dynamic";
