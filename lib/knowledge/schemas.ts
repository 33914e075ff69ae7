import { z } from "zod";

/** The knowledge-base API's request and response schemas: they validate and they document (lib/api/openapi.ts). */

export const knowledgeDocumentSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string().describe("The sanitised file name (display only; storage uses the id)"),
    type: z.enum(["pdf", "docx", "text", "markdown", "csv"]).describe("Decided by the file's bytes, not its name"),
    mime_type: z.string(),
    size_bytes: z.number().int(),
    sha256: z.string(),
    source: z.enum(["upload", "url"]),
    source_url: z.string().nullable(),
    status: z.enum(["ready", "quarantined"]),
    scan_status: z.enum(["clean", "infected", "not_scanned"]).describe("`not_scanned` when no virus scanner is configured"),
    text_characters: z.number().int(),
    created_at: z.string().datetime(),
  })
  .meta({ id: "KnowledgeDocument" });

/** The multipart form of an upload, for the document only: the handler reads the body itself. */
export const uploadDocumentBody = z
  .object({ file: z.string().meta({ format: "binary" }).describe("The file: PDF, DOCX, text, Markdown or CSV") })
  .meta({ id: "KnowledgeDocumentUpload" });

export const importDocumentBody = z
  .strictObject({ url: z.string().trim().min(1).max(2048).describe("http(s) URL of the file; redirects are not followed") })
  .meta({ id: "KnowledgeDocumentImport" });
