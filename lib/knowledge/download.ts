import "server-only";
import { signPath, SignedUrlError, UUID, verifyPath } from "../security/signed-path";

/**
 * Knowledge-base downloads through 60-second signed URLs (SPEC §8; the scheme of
 * lib/security/signed-path with a label of its own, so a recording URL's signature is worth
 * nothing here):  /api/knowledge/documents/<id>?w=…&exp=…&sig=…
 */
const LABEL = "document-url";

export const documentPath = (documentId: string) => `/api/knowledge/documents/${documentId}`;

export async function signDocumentUrl(workspaceId: string, documentId: string, now = new Date()) {
  if (!UUID.test(documentId)) throw new Error("signDocumentUrl: the id must be a lower-case UUID");
  return signPath(LABEL, workspaceId, documentPath(documentId), now);
}

export async function verifyDocumentUrl(documentId: string, params: URLSearchParams, now = new Date()) {
  if (!UUID.test(documentId)) throw new SignedUrlError("malformed");
  return verifyPath(LABEL, documentPath(documentId), params, now);
}

/**
 * The download's headers: an attachment (never rendered inline, whatever it is), its name
 * in RFC 6266 / 5987 form, no sniffing, no caching, and a CSP sandbox in case a browser
 * renders it anyway.
 */
export function downloadHeaders(doc: { name: string; mime: string; size: number }): Headers {
  const ascii = doc.name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return new Headers({
    "Content-Type": doc.mime,
    "Content-Length": String(doc.size),
    "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(doc.name)}`,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
    "Content-Security-Policy": "sandbox; default-src 'none'",
  });
}
