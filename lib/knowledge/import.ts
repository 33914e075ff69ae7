import "server-only";
import { AppError } from "../core/errors";
import { recordSecurityEvent } from "../audit/security-events";
import { checkOutboundUrl, OutboundRefused, recordOutboundRefusal, safeFetch } from "../security/outbound";
import { MAX_UPLOAD_BYTES, UPLOAD_RULES } from "../uploads";
import { userIdOf, type Principal } from "../authz/principal";
import { addDocument, type KnowledgeDocumentView } from "./documents";

/** A whole import — DNS, connect, headers, body — must finish within this. */
export const IMPORT_TIMEOUT_MS = 15_000;

// What a server may call the file. The bytes still decide (lib/uploads); this refuses HTML
// pages, images and the like before they are parsed at all.
const IMPORTABLE: Record<string, string> = {
  "application/pdf": "pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "text/plain": "txt",
  "text/markdown": "md",
  "text/x-markdown": "md",
  "text/csv": "csv",
};

/** The file name an import gets: the URL's last path segment, with the type's extension when it has none. */
function importName(url: URL, extension: string): string {
  const last = decodeURIComponent(url.pathname.split("/").filter(Boolean).pop() ?? "").slice(0, 150) || url.hostname;
  return /\.[A-Za-z0-9]{1,8}$/.test(last) ? last : `${last}.${extension}`;
}

/**
 * What is kept of an imported URL: its origin and path. The query and fragment are dropped
 * because a pre-signed URL carries its token there, and the list, the API and the audit
 * log would otherwise keep showing it.
 */
export function storedSourceUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

async function refuseImport(actor: Principal, url: string, reason: string, message: string, status: "VALIDATION_FAILED" | "UNSUPPORTED_MEDIA_TYPE" | "PAYLOAD_TOO_LARGE" = "VALIDATION_FAILED"): Promise<never> {
  await recordSecurityEvent({
    type: "upload_rejected",
    workspaceId: actor.workspace.id,
    userId: userIdOf(actor),
    ip: actor.meta.ip ?? null,
    details: { reason, source: "url", host: new URL(url).hostname.slice(0, 253) },
  });
  throw new AppError(status, message, { details: [{ field: "url", issue: reason }] });
}

/**
 * Imports one document from a URL (SPEC §8): through safeFetch — the host resolved and every
 * address checked (no private, loopback, link-local or metadata targets), the connection
 * pinned to the checked address, redirects never followed (one pointing inside is an SSRF
 * attempt and recorded as such), 15 s for everything and the largest allowed file size —
 * then a Content-Type check, then the same checks as an upload.
 */
export async function importFromUrl(actor: Principal, url: string, options: { timeoutMs?: number } = {}): Promise<KnowledgeDocumentView> {
  const timeoutMs = options.timeoutMs ?? IMPORT_TIMEOUT_MS;
  await actor.require("knowledge:manage");
  const context = { workspaceId: actor.workspace.id, userId: userIdOf(actor), ip: actor.meta.ip ?? null, purpose: "url_import" };
  let response;
  try {
    response = await safeFetch(url, {
      headers: { accept: Object.keys(IMPORTABLE).join(", ") },
      timeoutMs,
      maxResponseBytes: MAX_UPLOAD_BYTES,
      onTooLarge: "error",
    });
  } catch (error) {
    if (!(error instanceof OutboundRefused)) throw error;
    await recordOutboundRefusal(error, context);
    if (error.reason === "too_large") return refuseImport(actor, url, "file_too_large", "The file at this URL is larger than the knowledge base accepts.", "PAYLOAD_TOO_LARGE");
    if (error.isPolicyRefusal) throw new AppError("VALIDATION_FAILED", `This URL cannot be imported: ${error.message}`, { details: [{ field: "url", issue: error.reason }] });
    if (error.reason === "timeout") return refuseImport(actor, url, "timeout", `The server did not send the file within ${timeoutMs / 1000} seconds.`);
    throw new AppError("VALIDATION_FAILED", `The file could not be fetched: ${error.message}`, { details: [{ field: "url", issue: error.reason }] });
  }
  if (response.status >= 300 && response.status < 400) {
    const location = typeof response.headers.location === "string" ? response.headers.location : undefined;
    if (location) {
      try {
        await checkOutboundUrl(new URL(location, url).toString());
      } catch (error) {
        await recordOutboundRefusal(error, { ...context, purpose: "url_import_redirect" });
      }
    }
    return refuseImport(actor, url, "redirect", "The URL answered with a redirect. Redirects are not followed: give the file's final address.");
  }
  if (response.status < 200 || response.status >= 300) {
    throw new AppError("VALIDATION_FAILED", `The server answered ${response.status}; nothing was imported.`, { details: [{ field: "url", issue: "http_status" }] });
  }
  const [mediaType = ""] = String(response.headers["content-type"] ?? "").split(";");
  const contentType = mediaType.trim().toLowerCase();
  const extension = IMPORTABLE[contentType];
  if (!extension) {
    return refuseImport(actor, url, "content_type", `The URL serves ${contentType || "an unknown type"}; only PDF, Word (.docx), text, Markdown and CSV files can be imported.`, "UNSUPPORTED_MEDIA_TYPE");
  }
  const kindRule = Object.values(UPLOAD_RULES).find((r) => r.extensions.includes(extension));
  if (kindRule && response.body.byteLength > kindRule.maxBytes) {
    return refuseImport(actor, url, "file_too_large", `The file is larger than ${Math.round(kindRule.maxBytes / 1024 / 1024)} MB, the limit for ${kindRule.label}.`, "PAYLOAD_TOO_LARGE");
  }
  return addDocument(actor, { filename: importName(new URL(url), extension), bytes: response.body, url: storedSourceUrl(new URL(url)) });
}
