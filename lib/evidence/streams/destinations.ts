import "server-only";
import type { Principal } from "../../authz/principal";
import { config } from "../../config";
import { AppError } from "../../core/errors";
import { db } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import { checkOutboundUrl, OutboundRefused, recordOutboundRefusal } from "../../security/outbound";
import { plainText } from "../../security/sanitize";
import { generateWebhookSecret } from "../../webhooks/secret";
import { createStreamInput, type CreateStreamInput, type StreamKind } from "./kinds";
import { lastFourOf, sealStreamSecret } from "./secret";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who manages a stream and where its rows live: a workspace owner, or staff for the platform. */
export interface StreamManager {
  workspaceId: string | null;
  /** The destination as one transaction sees it (RLS-scoped for a workspace). */
  data<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T>;
  audit(action: "evidence_stream.created" | "evidence_stream.updated" | "evidence_stream.secret_replaced" | "evidence_stream.deleted", target: { type: string; id: string; label: string }, changes: { before?: Record<string, unknown>; after?: Record<string, unknown> }, tx: Prisma.TransactionClient): Promise<void>;
  /** Where a refused URL's security event goes, and who typed it. */
  ip?: string | null;
  userId?: string | null;
}

/** A workspace owner as a StreamManager: owners only (decision 038); the caller asks for sudo mode. */
export async function ownerManager(viewer: Principal, what: string): Promise<StreamManager> {
  await viewer.requireOwner(what);
  return {
    workspaceId: viewer.workspace.id,
    data: (fn) => viewer.data(fn),
    audit: (action, target, changes, tx) => viewer.audit(action, target, changes, tx),
    ip: viewer.meta.ip ?? null,
    userId: viewer.actor.type === "user" ? viewer.actor.userId : null,
  };
}

/** The URL as saved: checked against the outbound rules now, and again at every send. */
async function checkedUrl(manager: StreamManager, url: string): Promise<string> {
  try {
    return (await checkOutboundUrl(url, { allowLoopback: config().OUTBOUND_ALLOW_LOOPBACK })).url.toString();
  } catch (error) {
    if (!(error instanceof OutboundRefused)) throw error;
    await recordOutboundRefusal(error, { workspaceId: manager.workspaceId, purpose: "evidence_stream_destination", userId: manager.userId, ip: manager.ip });
    throw new AppError("VALIDATION_FAILED", error.message, { details: [{ field: "url", issue: error.reason }] });
  }
}

/** Where "from now on" starts: the chain's head and the security-event sequence as they are now. */
async function currentCursors(workspaceId: string | null) {
  const [head] = await db().$queryRaw<{ audit: bigint | null; security: bigint | null }[]>`
    SELECT (SELECT seq FROM audit_chain_heads WHERE chain_key = ${workspaceId ?? "platform"}) AS audit,
           pg_sequence_last_value(pg_get_serial_sequence('security_events', 'id')::regclass) AS security`;
  return { auditCursor: BigInt(head?.audit ?? 0), securityCursor: BigInt(head?.security ?? 0) };
}

/** The settings as audited: everything but the secret (there is none in settings). */
const describe = (row: { name: string; kind: string; url: string; sources: string[]; settings: unknown; enabled: boolean }) => ({
  name: row.name,
  kind: row.kind,
  url: row.url,
  sources: row.sources,
  settings: row.settings,
  enabled: row.enabled,
});

/**
 * Adds a destination. An HTTPS stream gets a `whsec_` signing secret generated here and shown
 * once (the answer's `secret`); the other kinds take the secret their receiver issued. The
 * secret is sealed before the row is written and never read back to a browser. Audited.
 */
export async function createStream(manager: StreamManager, input: CreateStreamInput): Promise<{ id: string; secret?: string }> {
  const parsed = createStreamInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".") || "form";
    throw new AppError("VALIDATION_FAILED", issue?.message ?? "The destination is invalid.", { details: [{ field, issue: issue?.message ?? "invalid" }] });
  }
  const value = parsed.data;
  const url = await checkedUrl(manager, value.url);
  const id = crypto.randomUUID();
  const generated = value.kind === "https" ? generateWebhookSecret() : undefined;
  const secret = generated ?? (value as { secret: string }).secret;
  const secretEnc = await sealStreamSecret({ id, workspaceId: manager.workspaceId }, secret);
  const cursors = value.startFrom === "now" ? await currentCursors(manager.workspaceId) : {};
  const row = {
    id,
    workspaceId: manager.workspaceId,
    name: plainText(value.name) || "Stream",
    kind: value.kind as StreamKind,
    url,
    settings: value.settings as Prisma.InputJsonValue,
    secretEnc,
    secretLast4: lastFourOf(secret),
    sources: [...new Set(value.sources)],
    enabled: true,
    ...cursors,
  };
  await manager.data(async (tx) => {
    await tx.evidenceStream.create({ data: row });
    await manager.audit("evidence_stream.created", { type: "evidence_stream", id, label: row.name }, { after: { ...describe(row), start_from: value.startFrom } }, tx);
  });
  return { id, ...(generated ? { secret: generated } : {}) };
}

async function findStream(manager: StreamManager, id: string) {
  const row = UUID.test(id ?? "")
    ? await manager.data((tx) => tx.evidenceStream.findFirst({ where: { id, workspaceId: manager.workspaceId, deletedAt: null } }))
    : null;
  if (!row) throw new AppError("NOT_FOUND", "No such stream.");
  return row;
}

/** Pauses or resumes a stream. Paused, its cursors wait: resuming sends everything since. */
export async function setStreamEnabled(manager: StreamManager, id: string, enabled: boolean, now = new Date()) {
  const before = await findStream(manager, id);
  if (before.enabled === enabled) return;
  await manager.data(async (tx) => {
    await tx.evidenceStream.update({ where: { id: before.id }, data: { enabled, ...(enabled ? { nextAttemptAt: now, failures: 0 } : {}) } });
    await manager.audit("evidence_stream.updated", { type: "evidence_stream", id, label: before.name }, { before: { enabled: before.enabled }, after: { enabled } }, tx);
  });
}

/**
 * A new secret: generated for HTTPS (shown once; receivers switch to it — there is no grace
 * window, a stream has one receiver and retries until it accepts), pasted for the others.
 * The stream is retried at once. Audited, without either secret.
 */
export async function replaceStreamSecret(manager: StreamManager, id: string, pasted: string | undefined, now = new Date()): Promise<{ secret?: string }> {
  const before = await findStream(manager, id);
  const generated = before.kind === "https" ? generateWebhookSecret() : undefined;
  const secret = generated ?? pasted?.trim() ?? "";
  if (!generated && !/^[\x21-\x7e]{8,256}$/.test(secret)) {
    throw new AppError("VALIDATION_FAILED", "Paste the secret the receiver issued.", { details: [{ field: "secret", issue: "Paste the secret the receiver issued." }] });
  }
  const secretEnc = await sealStreamSecret(before, secret);
  await manager.data(async (tx) => {
    await tx.evidenceStream.update({ where: { id: before.id }, data: { secretEnc, secretLast4: lastFourOf(secret), nextAttemptAt: now } });
    await manager.audit("evidence_stream.secret_replaced", { type: "evidence_stream", id, label: before.name }, { before: { secret_last4: before.secretLast4 }, after: { secret_last4: lastFourOf(secret) } }, tx);
  });
  return generated ? { secret: generated } : {};
}

/** Deleting stops the stream at once; the row stays (its attempts name it) without its secret's use. */
export async function deleteStream(manager: StreamManager, id: string, now = new Date()) {
  const before = await findStream(manager, id);
  await manager.data(async (tx) => {
    await tx.evidenceStream.update({ where: { id: before.id }, data: { deletedAt: now, enabled: false } });
    await manager.audit("evidence_stream.deleted", { type: "evidence_stream", id, label: before.name }, { before: describe(before) }, tx);
  });
}
