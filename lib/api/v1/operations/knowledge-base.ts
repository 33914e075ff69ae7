import "server-only";
import { apiRoute } from "../../../entry/api-route";
import { addDocument, documentJson } from "../../../knowledge/documents";
import { importFromUrl } from "../../../knowledge/import";
import { readUploadedFile } from "../../../knowledge/multipart";
import { importDocumentBody, knowledgeDocumentSchema, uploadDocumentBody } from "../../../knowledge/schemas";

/** multipart/form-data with one `file` field; the handler reads the body (with its own size cap). */
export const uploadKnowledgeDocumentRoute = apiRoute({
  method: "POST",
  path: "/knowledge-base/documents",
  operationId: "uploadKnowledgeDocument",
  summary: "Upload a knowledge-base document",
  description:
    "Scope `knowledge:manage`. multipart/form-data with one `file`. The type is decided by the file's bytes (PDF, DOCX, text, Markdown, CSV); executables, archives that expand too far, macros, SVG and markup with script are refused, each as a security event. When a virus scanner is configured the file is scanned first (a detection quarantines it: 400 with `details[0].issue` = `infected`; an unreachable scanner: 503). Answers with the stored document; `knowledge_base.document.ready` / `.rejected` webhook events follow.",
  permission: "knowledge:manage",
  multipart: uploadDocumentBody,
  response: { status: 201, description: "The document", schema: knowledgeDocumentSchema },
  errors: ["PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE", "SERVICE_UNAVAILABLE"],
  handler: async ({ api, request }) => documentJson(await addDocument(api, await readUploadedFile(request))),
});

/** `{"url": …}`: fetched through the SSRF-safe client. */
export const importKnowledgeDocumentRoute = apiRoute({
  method: "POST",
  path: "/knowledge-base/imports",
  operationId: "importKnowledgeDocument",
  summary: "Import a knowledge-base document from a URL",
  description:
    "Scope `knowledge:manage`. The URL must not resolve to a private, loopback, link-local or metadata address; redirects are not followed; the whole fetch has 15 seconds and the file the size limit of its type. The Content-Type must be one of the allowed types, then the file gets the same checks as an upload.",
  permission: "knowledge:manage",
  body: importDocumentBody,
  bodyLimitBytes: 8 * 1024,
  response: { status: 201, description: "The document", schema: knowledgeDocumentSchema },
  errors: ["PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE", "SERVICE_UNAVAILABLE"],
  handler: async ({ api, body }) => documentJson(await importFromUrl(api, body.url)),
});
