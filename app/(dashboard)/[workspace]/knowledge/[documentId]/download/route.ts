import { AppError } from "@/lib/core/errors";
import { memberRoute } from "@/lib/entry/route";
import { signDocumentUrl } from "@/lib/knowledge/download";

/**
 * GET /{workspace}/knowledge/{id}/download — for a member with knowledge:manage, a redirect
 * to a fresh 60-second signed URL of a ready document. The link on the page stays stable;
 * only a click mints a URL, which expires before anyone could share it.
 */
export const GET = memberRoute({
  method: "GET",
  permission: "knowledge:manage",
  handler: async ({ principal, param }) => {
    const doc = await principal.data((tx) =>
      tx.knowledgeDocument.findFirst({ where: { id: param("documentId"), workspaceId: principal.workspace.id, status: "ready" }, select: { id: true } }),
    );
    if (!doc) throw new AppError("NOT_FOUND", "No such document.");
    const { url } = await signDocumentUrl(principal.workspace.id, doc.id);
    return new Response(null, { status: 303, headers: { Location: url, "Cache-Control": "no-store" } });
  },
});

export const dynamic = "force-dynamic";
