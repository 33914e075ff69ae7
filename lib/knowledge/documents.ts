import "server-only";
import { randomUUID } from "node:crypto";
import { AppError } from "../core/errors";
import { recordSecurityEvent, requestFieldsOf } from "../audit/security-events";
import { decryptField, encryptField } from "../crypto/envelope";
import { objectStore } from "../storage/object-store";
import { extractText, inspectUpload, scanBytes, UPLOAD_REJECTION_API_CODE, UploadRefused, type AcceptedUpload, type UploadRejection } from "../uploads";
import { isSecurityEvent } from "../uploads/errors";
import { recordScannerUnavailable } from "../uploads/scanner-events";
import { emitEvent } from "../webhooks/outbox";
import { userIdOf, type Principal } from "../authz/principal";

/**
 * The knowledge base (SPEC §8, issue 9). Every file — uploaded or imported from a URL —
 * goes through lib/uploads in the order that keeps parsers away from hostile bytes:
 * inspect (type by magic bytes, limits, name, archive rules), scan with clamd (fail closed),
 * then extract and sanitise its text. Accepted files are sealed (AES-GCM bound to the
 * workspace and row) under a generated id — the uploader's name is display text only — and
 * served only through 60-second signed URLs. A detection quarantines the file: its sealed
 * bytes go under `quarantine/`, never served. Every refusal is a security event with its
 * reason and a `knowledge_base.document.rejected` webhook event; acceptance emits
 * `knowledge_base.document.ready`.
 */

export interface DocumentSource {
  filename: unknown;
  bytes: Uint8Array;
  /** Where it came from: an upload, or the URL it was imported from. */
  url?: string;
}

export const documentObjectKey = (workspaceId: string, id: string) => `knowledge/${workspaceId}/${id}.sealed`;
export const quarantineObjectKey = (workspaceId: string, id: string) => `quarantine/${workspaceId}/${id}.sealed`;
const binding = (workspaceId: string, id: string, column: "document" | "document_text") => ({ workspaceId, column, rowId: id });

const DOCUMENT_SELECT = {
  id: true,
  name: true,
  kind: true,
  mime: true,
  sizeBytes: true,
  sha256: true,
  source: true,
  sourceUrl: true,
  status: true,
  scanStatus: true,
  scanSignature: true,
  textChars: true,
  createdBy: true,
  createdAt: true,
} as const;

export interface KnowledgeDocumentView {
  id: string;
  name: string;
  kind: string;
  mime: string;
  sizeBytes: number;
  sha256: string;
  source: string;
  sourceUrl: string | null;
  status: string;
  scanStatus: string;
  scanSignature: string | null;
  textChars: number;
  createdBy: string;
  createdAt: Date;
}

/** The API's shape of a document (snake_case, no storage internals). */
export function documentJson(d: KnowledgeDocumentView) {
  return {
    id: d.id,
    name: d.name,
    type: d.kind,
    mime_type: d.mime,
    size_bytes: d.sizeBytes,
    sha256: d.sha256,
    source: d.source,
    source_url: d.sourceUrl,
    status: d.status,
    scan_status: d.scanStatus,
    text_characters: d.textChars,
    created_at: d.createdAt.toISOString(),
  };
}

/** Records the refusal (security event + webhook event) and throws it as the API's error. */
async function refuse(actor: Principal, source: DocumentSource, rejection: UploadRejection, name: string | null): Promise<never> {
  // clamd down is not the uploader's doing, but a security control out of service (lib/uploads/scanner-events.ts).
  if (rejection.reason === "scanner_unavailable") await recordScannerUnavailable(actor, rejection.detail);
  if (isSecurityEvent(rejection.reason)) {
    await recordSecurityEvent({
      type: "upload_rejected",
      workspaceId: actor.workspace.id,
      userId: userIdOf(actor),
      ...requestFieldsOf(actor.meta),
      details: {
        reason: rejection.reason,
        ...(name ? { name } : {}),
        size: source.bytes.byteLength,
        source: source.url ? "url" : "upload",
        ...(rejection.detail ? { detail: rejection.detail.slice(0, 200) } : {}),
      },
    });
  }
  await actor.data((tx) =>
    emitEvent(tx, {
      workspaceId: actor.workspace.id,
      mode: actor.mode,
      type: "knowledge_base.document.rejected",
      data: { object: { name, reason: rejection.reason, message: rejection.message, size_bytes: source.bytes.byteLength, source: source.url ? "url" : "upload" } },
    }),
  );
  throw new AppError(UPLOAD_REJECTION_API_CODE[rejection.reason], rejection.message, { details: [{ field: "file", issue: rejection.reason }] });
}

/** What every stored row records of the file, whatever its fate. */
function rowFields(actor: Principal, source: DocumentSource, upload: AcceptedUpload, id: string, objectKey: string) {
  return {
    id,
    workspaceId: actor.workspace.id,
    name: upload.safeName,
    kind: upload.kind,
    mime: upload.mime,
    sizeBytes: upload.size,
    sha256: upload.sha256,
    source: source.url ? "url" : "upload",
    sourceUrl: source.url ?? null,
    objectKey,
    createdBy: actor.label,
  };
}

async function quarantine(actor: Principal, source: DocumentSource, upload: AcceptedUpload, signature: string): Promise<never> {
  const id = randomUUID();
  const key = quarantineObjectKey(actor.workspace.id, id);
  const sealed = await encryptField(binding(actor.workspace.id, id, "document"), Buffer.from(source.bytes));
  await objectStore().put(key, Buffer.from(sealed, "utf8"));
  await actor.data(async (tx) => {
    await tx.knowledgeDocument.create({
      data: { ...rowFields(actor, source, upload, id, key), status: "quarantined", scanStatus: "infected", scanSignature: signature.slice(0, 200) },
    });
    await actor.audit("knowledge.document_quarantined", { type: "knowledge_document", id, label: upload.safeName }, { after: { signature, sha256: upload.sha256 } }, tx);
  });
  return refuse(actor, source, { status: "rejected", reason: "infected", message: `“${upload.safeName}” was flagged by the virus scanner (${signature}) and quarantined.`, detail: signature }, upload.safeName);
}

/** Adds one file to the knowledge base, or refuses it (AppError) after recording why. */
export async function addDocument(actor: Principal, source: DocumentSource): Promise<KnowledgeDocumentView> {
  await actor.require("knowledge:manage");
  const inspected = await inspectUpload({ filename: source.filename, bytes: source.bytes });
  if (inspected.status === "rejected") return refuse(actor, source, inspected, null);
  let text: string;
  let scanStatus: "clean" | "not_scanned";
  try {
    const scan = await scanBytes(source.bytes);
    if (scan.status === "infected") return quarantine(actor, source, inspected, scan.signature);
    scanStatus = scan.status;
    text = await extractText(inspected, source.bytes);
  } catch (error) {
    if (error instanceof UploadRefused) return refuse(actor, source, error.toRejection(), inspected.safeName);
    throw error;
  }
  const id = randomUUID();
  const key = documentObjectKey(actor.workspace.id, id);
  // Sealed before the transaction: the first seal of a workspace creates its data key.
  const sealedFile = await encryptField(binding(actor.workspace.id, id, "document"), Buffer.from(source.bytes));
  const sealedText = await encryptField(binding(actor.workspace.id, id, "document_text"), text);
  await objectStore().put(key, Buffer.from(sealedFile, "utf8"));
  try {
    return await actor.data(async (tx) => {
      const row = await tx.knowledgeDocument.create({
        data: { ...rowFields(actor, source, inspected, id, key), status: "ready", scanStatus, textEnc: sealedText, textChars: text.length },
        select: DOCUMENT_SELECT,
      });
      await actor.audit("knowledge.document_added", { type: "knowledge_document", id, label: row.name }, {
        after: { type: row.kind, size_bytes: row.sizeBytes, sha256: row.sha256, source: row.source, source_url: row.sourceUrl, scan: scanStatus },
      }, tx);
      await emitEvent(tx, { workspaceId: actor.workspace.id, mode: actor.mode, type: "knowledge_base.document.ready", data: { object: documentJson(row) } });
      return row;
    });
  } catch (error) {
    // No row points at the object: remove it rather than leave an orphan.
    await objectStore().delete(key).catch(() => {});
    throw error;
  }
}

export async function listDocuments(actor: Pick<Principal, "workspace" | "require" | "data">, options: { take?: number } = {}): Promise<KnowledgeDocumentView[]> {
  await actor.require("knowledge:manage");
  return actor.data((tx) =>
    tx.knowledgeDocument.findMany({
      where: { workspaceId: actor.workspace.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: Math.min(options.take ?? 200, 500),
      select: DOCUMENT_SELECT,
    }),
  );
}

export async function deleteDocument(actor: Principal, id: string): Promise<void> {
  await actor.require("knowledge:manage");
  const removed = await actor.data(async (tx) => {
    const doc = await tx.knowledgeDocument.findFirst({ where: { id, workspaceId: actor.workspace.id }, select: { id: true, name: true, objectKey: true, status: true } });
    if (!doc) throw new AppError("NOT_FOUND", "No such document.");
    await tx.knowledgeDocument.delete({ where: { id: doc.id } });
    await actor.audit("knowledge.document_deleted", { type: "knowledge_document", id: doc.id, label: doc.name }, { before: { status: doc.status } }, tx);
    return doc;
  });
  await objectStore().delete(removed.objectKey);
}

/** A ready document's bytes, for the signed-URL route (already scoped to its workspace). */
export async function readDocument(workspaceId: string, doc: { id: string; objectKey: string }): Promise<Buffer> {
  const sealed = await objectStore().get(doc.objectKey);
  if (!sealed) throw new AppError("NOT_FOUND", "No such document.");
  return decryptField(binding(workspaceId, doc.id, "document"), sealed.toString("utf8"));
}

/** Every object of a workspace's knowledge base, quarantine included (workspace deletion). */
export async function deleteWorkspaceDocuments(workspaceId: string): Promise<number> {
  return (await objectStore().deletePrefix(`knowledge/${workspaceId}/`)) + (await objectStore().deletePrefix(`quarantine/${workspaceId}/`));
}
