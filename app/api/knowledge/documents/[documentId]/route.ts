import { AppError } from "@/lib/core/errors";
import { defineRoute } from "@/lib/api/define-route";
import { recordSecurityEventCoalesced } from "@/lib/audit/security-events";
import { config } from "@/lib/config";
import { inWorkspace } from "@/lib/db/scoped";
import { readDocument } from "@/lib/knowledge/documents";
import { downloadHeaders, verifyDocumentUrl } from "@/lib/knowledge/download";
import { SignedUrlError } from "@/lib/security/signed-path";
import { clientIp } from "@/lib/security/client-ip";

/**
 * GET /api/knowledge/documents/<id>?w=…&exp=…&sig=… — one knowledge-base file through a
 * 60-second signed URL. The signature is the authorisation and grants one document of one
 * workspace; the row is then read in that workspace's scope. Quarantined files are never
 * served.
 */
export const GET = defineRoute({
  access: "public",
  handler: async ({ request, params }) => {
    const documentId = params.documentId ?? "";
    let workspaceId: string;
    try {
      ({ workspaceId } = await verifyDocumentUrl(documentId, request.nextUrl.searchParams));
    } catch (error) {
      if (!(error instanceof SignedUrlError)) throw error;
      if (error.reason !== "expired") {
        const ip = clientIp(request.headers, config().TRUST_PROXY_HOPS);
        const claimed = error.reason === "invalid_signature" ? request.nextUrl.searchParams.get("w") : null;
        await recordSecurityEventCoalesced(`document-url:${ip}`, {
          type: "invalid_signature",
          ip,
          workspaceId: claimed,
          details: { kind: "document_url", reason: error.reason },
        });
      }
      throw new AppError("FORBIDDEN", error.reason === "expired" ? "This download link has expired. Request a new one." : "This download link is not valid.");
    }
    const doc = await inWorkspace(workspaceId, (tx) =>
      tx.knowledgeDocument.findFirst({ where: { id: documentId, workspaceId, status: "ready" }, select: { id: true, name: true, mime: true, objectKey: true } }),
    );
    if (!doc) throw new AppError("NOT_FOUND", "No such document.");
    const bytes = await readDocument(workspaceId, doc);
    return new Response(new Uint8Array(bytes), { status: 200, headers: downloadHeaders({ name: doc.name, mime: doc.mime, size: bytes.length }) });
  },
});
