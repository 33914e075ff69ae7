import { AppError } from "@/lib/core/errors";
import { signedUrlRoute } from "@/lib/entry/route";
import { readDocument } from "@/lib/knowledge/documents";
import { downloadHeaders, verifyDocumentUrl } from "@/lib/knowledge/download";

/**
 * GET /api/knowledge/documents/<id>?w=…&exp=…&sig=… — one knowledge-base file through a
 * 60-second signed URL. The signature is the authorisation and grants one document of one
 * workspace; the row is then read in that workspace's scope. Quarantined files are never
 * served.
 */
export const GET = signedUrlRoute({
  method: "GET",
  param: "documentId",
  kind: "document_url",
  verify: verifyDocumentUrl,
  refusals: { expired: "This download link has expired. Request a new one.", invalid: "This download link is not valid." },
  handler: async ({ id, workspaceId, data }) => {
    const doc = await data((tx) =>
      tx.knowledgeDocument.findFirst({ where: { id, workspaceId, status: "ready" }, select: { id: true, name: true, mime: true, objectKey: true } }),
    );
    if (!doc) throw new AppError("NOT_FOUND", "No such document.");
    const bytes = await readDocument(workspaceId, doc);
    return new Response(new Uint8Array(bytes), { status: 200, headers: downloadHeaders({ name: doc.name, mime: doc.mime, size: bytes.length }) });
  },
});
