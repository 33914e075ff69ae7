import { AppError } from "../core/errors";
import { createdBefore, decodeCursor, page } from "../core/pagination";
import { encryptField } from "../crypto/envelope";
import { config } from "../config";
import { plainText } from "../security/sanitize";
import { checkOutboundUrl, OutboundRefused, recordOutboundRefusal } from "../security/outbound";
import type { Principal } from "../authz/principal";
import type { WebhookEventType } from "./event-types";
import type { SignatureScheme } from "./scheme-names";
import { generateWebhookSecret, standardWebhooksSecret } from "./secret";
import { signingKeysUrl } from "./signing-keys";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface EndpointRow {
  id: string;
  url: string;
  events: string[];
  enabled: boolean;
  description: string | null;
  createdAt: Date;
  failingSince: Date | null;
  workspaceId: string;
  signatureScheme: string;
  disabledReason: string | null;
  disabledAt: Date | null;
  rateLimitPerSecond: number;
}

/** An endpoint in the API's JSON form (SPEC §3); the secret only in the create answer. */
export const endpointJson = (e: EndpointRow) => ({
  id: e.id,
  url: e.url,
  events: e.events,
  enabled: e.enabled,
  description: e.description,
  created_at: e.createdAt.toISOString(),
  failing_since: e.failingSince?.toISOString() ?? null,
  signature_scheme: e.signatureScheme as SignatureScheme,
  signing_keys_url: e.signatureScheme === "standard-ed25519" ? signingKeysUrl(e.workspaceId) : null,
  disabled_reason: e.disabledReason,
  disabled_at: e.disabledAt?.toISOString() ?? null,
  rate_limit_per_second: e.rateLimitPerSecond,
});

/**
 * The URL as saved: checked against the outbound rules now (and again at every delivery,
 * since DNS can change). A refusal is a clear validation error and a security event.
 */
async function checkedUrl(viewer: Principal, url: string): Promise<string> {
  try {
    return (await checkOutboundUrl(url, { allowLoopback: config().OUTBOUND_ALLOW_LOOPBACK })).url.toString();
  } catch (error) {
    if (!(error instanceof OutboundRefused)) throw error;
    await recordOutboundRefusal(error, { workspaceId: viewer.workspace.id, purpose: "webhook_endpoint" });
    throw new AppError("VALIDATION_FAILED", error.message, { details: [{ field: "url", issue: error.reason }] });
  }
}

const bind = (workspaceId: string, id: string) => ({ workspaceId, column: "webhook_secret", rowId: id });

export async function createEndpoint(viewer: Principal, input: { url: string; events: WebhookEventType[]; description?: string; enabled?: boolean; rate_limit_per_second?: number; signature_scheme?: SignatureScheme }) {
  const url = await checkedUrl(viewer, input.url);
  const secret = generateWebhookSecret();
  const id = crypto.randomUUID();
  const description = input.description ? plainText(input.description) || null : null;
  const events = [...new Set(input.events)];
  // Sealed before the transaction: a first use of the workspace's key writes it, and the
  // embedded database has one connection.
  const secretEnc = await encryptField(bind(viewer.workspace.id, id), secret);
  const row = await viewer.data(async (tx) => {
    const created = await tx.webhookEndpoint.create({
      data: { id, workspaceId: viewer.workspace.id, mode: viewer.mode, url, events, description, enabled: input.enabled ?? true, secretEnc, signatureScheme: input.signature_scheme ?? "switchboard", ...(input.rate_limit_per_second !== undefined ? { rateLimitPerSecond: input.rate_limit_per_second } : {}) },
    });
    await viewer.audit("webhook_endpoint.created", { type: "webhook_endpoint", id, label: url }, { after: { url, events, enabled: created.enabled, mode: viewer.mode, signature_scheme: created.signatureScheme } }, tx);
    return created;
  });
  return { ...endpointJson(row), secret, standard_secret: standardWebhooksSecret(secret) };
}

async function findEndpoint(viewer: Principal, id: string) {
  const row = UUID.test(id ?? "")
    ? await viewer.data((tx) => tx.webhookEndpoint.findFirst({ where: { id, workspaceId: viewer.workspace.id, mode: viewer.mode, deletedAt: null } }))
    : null;
  if (!row) throw new AppError("NOT_FOUND", "No such webhook endpoint.");
  return row;
}

export async function getEndpoint(viewer: Principal, id: string) {
  return endpointJson(await findEndpoint(viewer, id));
}

export async function listEndpoints(viewer: Principal, q: { limit: number; cursor?: string }) {
  const cursor = decodeCursor(q.cursor);
  const rows = await viewer.data((tx) =>
    tx.webhookEndpoint.findMany({
      where: {
        workspaceId: viewer.workspace.id,
        mode: viewer.mode,
        deletedAt: null,
        ...createdBefore(cursor),
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: q.limit + 1,
    }),
  );
  const { items, nextCursor } = page(rows, q.limit);
  return { data: items.map(endpointJson), next_cursor: nextCursor };
}

export async function updateEndpoint(
  viewer: Principal,
  id: string,
  input: { url?: string; events?: WebhookEventType[]; description?: string | null; enabled?: boolean; rate_limit_per_second?: number; signature_scheme?: SignatureScheme },
) {
  const before = await findEndpoint(viewer, id);
  const data = {
    ...(input.url !== undefined ? { url: await checkedUrl(viewer, input.url) } : {}),
    ...(input.events !== undefined ? { events: [...new Set(input.events)] } : {}),
    ...(input.description !== undefined ? { description: input.description ? plainText(input.description) || null : null } : {}),
    ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
    ...(input.signature_scheme !== undefined ? { signatureScheme: input.signature_scheme } : {}),
    // Enabling starts afresh (decision 050): why it was disabled and since when it failed are cleared.
    ...(input.enabled === true ? { disabledReason: null, disabledAt: null, failingSince: null } : {}),
    ...(input.rate_limit_per_second !== undefined ? { rateLimitPerSecond: input.rate_limit_per_second } : {}),
  };
  const row = await viewer.data(async (tx) => {
    const updated = await tx.webhookEndpoint.update({ where: { id: before.id }, data });
    await viewer.audit(
      "webhook_endpoint.updated",
      { type: "webhook_endpoint", id, label: updated.url },
      {
        before: { url: before.url, events: before.events, enabled: before.enabled, description: before.description, signature_scheme: before.signatureScheme, disabled_reason: before.disabledReason, rate_limit_per_second: before.rateLimitPerSecond },
        after: data,
      },
      tx,
    );
    return updated;
  });
  return endpointJson(row);
}

/** Deleting keeps the row (deliveries and attempts still name it) but stops every delivery. */
export async function deleteEndpoint(viewer: Principal, id: string, now = new Date()) {
  const before = await findEndpoint(viewer, id);
  await viewer.data(async (tx) => {
    await tx.webhookEndpoint.update({ where: { id: before.id }, data: { deletedAt: now, enabled: false } });
    await tx.webhookDelivery.updateMany({ where: { endpointId: before.id, status: "pending" }, data: { status: "failed" } });
    await viewer.audit("webhook_endpoint.deleted", { type: "webhook_endpoint", id, label: before.url }, { before: { url: before.url, events: before.events } }, tx);
  });
}

/**
 * A new secret, shown once. For `grace_period_hours` (0–72, default 24) deliveries carry a
 * signature with the previous secret too, after the new one (SPEC §4). Audited.
 */
export async function rotateEndpointSecret(viewer: Principal, id: string, graceHours: number, now = new Date()) {
  const before = await findEndpoint(viewer, id);
  const secret = generateWebhookSecret();
  const expires = graceHours > 0 ? new Date(now.getTime() + graceHours * 3_600_000) : null;
  const secretEnc = await encryptField(bind(viewer.workspace.id, before.id), secret);
  await viewer.data(async (tx) => {
    await tx.webhookEndpoint.update({
      where: { id: before.id },
      data: {
        secretEnc,
        previousSecretEnc: expires ? before.secretEnc : null,
        previousSecretExpiresAt: expires,
      },
    });
    await viewer.audit("webhook_endpoint.secret_rotated", { type: "webhook_endpoint", id, label: before.url }, { after: { grace_period_hours: graceHours, previous_secret_expires_at: expires?.toISOString() ?? null } }, tx);
  });
  return { secret, standard_secret: standardWebhooksSecret(secret), previous_secret_expires_at: expires?.toISOString() ?? null };
}
