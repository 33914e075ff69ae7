import "server-only";
import { createPrivateKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { config } from "../config";
import { AppError } from "../core/errors";
import { decryptField, encryptField } from "../crypto/envelope";
import { db } from "../db/client";
import type { Principal } from "../authz/principal";
import { jwkThumbprint } from "../crypto/jwk-thumbprint";

/**
 * The Ed25519 key pairs that sign `standard-ed25519` deliveries (SPEC §4, decision 049), one
 * signing pair per workspace, created on first use. The private half is sealed at once with
 * the workspace's data key (lib/crypto/envelope: AES-256-GCM bound to workspace, column and
 * kid, the data key itself wrapped by the key provider — local master key or AWS KMS), like
 * the endpoints' secrets; it is never stored, logged or answered in the clear. `kid` is the
 * RFC 7638 thumbprint, as for the audit checkpoint keys (lib/evidence/signing-keys.ts).
 *
 * Rotation works like a secret's: a new pair signs first at once, the previous one signs
 * second until `retires_at` (0–72 h later), and the JWKS lists exactly the keys that sign now.
 * A key past its grace window is no longer published, so a receiver that refreshes its JWKS
 * stops trusting it; the row stays (the database has no DELETE grant for tenants).
 */
const bind = (workspaceId: string, kid: string) => ({ workspaceId, column: "webhook_signing_key", rowId: kid });

/** Unwrapped private keys, this process only; a kid never changes its key. */
const unwrapped = new Map<string, KeyObject>();

export interface WebhookSigningKey {
  kid: string;
  privateKey: KeyObject;
}

export interface Ed25519PublicJwk {
  kty: "OKP";
  crv: "Ed25519";
  x: string;
  kid: string;
  use: "sig";
  alg: "EdDSA";
}

interface KeyRow {
  kid: string;
  workspaceId: string;
  publicKey: string;
  privateKeyEnc: string;
  createdAt: Date;
  retiresAt: Date | null;
}

async function newKeyRow(workspaceId: string) {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const x = publicKey.export({ format: "jwk" }).x!;
  const kid = jwkThumbprint(x);
  // Sealed before any transaction: a workspace's first sealed value writes its data key.
  const privateKeyEnc = await encryptField(bind(workspaceId, kid), privateKey.export({ format: "der", type: "pkcs8" }));
  unwrapped.set(kid, privateKey);
  return { kid, workspaceId, publicKey: x, privateKeyEnc };
}

/** The keys that sign at `now`, newest first: the current one and, in a grace window, the previous. */
async function signingRows(workspaceId: string, now: Date): Promise<KeyRow[]> {
  return db().webhookSigningKey.findMany({
    where: { workspaceId, OR: [{ retiresAt: null }, { retiresAt: { gt: now } }] },
    orderBy: [{ createdAt: "desc" }, { kid: "asc" }],
  });
}

/**
 * The workspace's signing rows, the current key created when there is none. Two processes
 * creating the first key at once cannot both win: a partial unique index allows one current
 * key per workspace, and the loser reads the winner's.
 */
async function ensureSigningRows(workspaceId: string, now: Date): Promise<KeyRow[]> {
  const rows = await signingRows(workspaceId, now);
  if (rows.some((r) => r.retiresAt === null)) return rows;
  const row = await newKeyRow(workspaceId);
  try {
    await db().webhookSigningKey.create({ data: row });
  } catch (error) {
    if ((error as { code?: string }).code !== "P2002") throw error;
  }
  return signingRows(workspaceId, now);
}

async function privateKeyOf(row: KeyRow): Promise<KeyObject> {
  const hit = unwrapped.get(row.kid);
  if (hit) return hit;
  const der = await decryptField(bind(row.workspaceId, row.kid), row.privateKeyEnc);
  const key = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  der.fill(0);
  unwrapped.set(row.kid, key);
  return key;
}

/** The private keys that sign a delivery sent at `now`: one, or two during a rotation's grace window (new first). */
export async function deliverySigningKeys(workspaceId: string, now: Date): Promise<WebhookSigningKey[]> {
  const rows = (await ensureSigningRows(workspaceId, now)).slice(0, 2);
  return Promise.all(rows.map(async (r) => ({ kid: r.kid, privateKey: await privateKeyOf(r) })));
}

const jwkOf = (r: { kid: string; publicKey: string }): Ed25519PublicJwk => ({ kty: "OKP", crv: "Ed25519", x: r.publicKey, kid: r.kid, use: "sig", alg: "EdDSA" });

/** Where a workspace's JWKS is published (the endpoint's `signing_keys_url`). */
export function signingKeysUrl(workspaceId: string): string {
  return `${config().APP_URL}/.well-known/switchboard/webhook-keys/${workspaceId}.json`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The public JWKS of a workspace (RFC 7517, OKP keys of RFC 8037): the keys that sign now,
 * newest first. A workspace that exists but never signed gets its first key here, so a
 * receiver can be set up before the first delivery. Unknown (or deleted) workspace: 404.
 */
export async function publishedWebhookKeySet(workspaceId: string, now = new Date()): Promise<{ keys: Ed25519PublicJwk[] }> {
  const workspace = UUID.test(workspaceId) ? await db().workspace.findUnique({ where: { id: workspaceId }, select: { id: true, cancelledAt: true } }) : null;
  if (!workspace || workspace.cancelledAt) throw new AppError("NOT_FOUND", "No such workspace key set.");
  return { keys: (await ensureSigningRows(workspace.id, now)).map(jwkOf) };
}

/** The API's and dashboard's view: the JWKS, its URL and when the previous key stops signing. */
export async function workspaceSigningKeys(viewer: Principal, now = new Date()) {
  const rows = await ensureSigningRows(viewer.workspace.id, now);
  const previous = rows.find((r) => r.retiresAt !== null);
  return {
    signing_keys_url: signingKeysUrl(viewer.workspace.id),
    keys: rows.map(jwkOf),
    previous_key_expires_at: previous?.retiresAt?.toISOString() ?? null,
  };
}

/**
 * A new key pair signs first from now; the current one signs second for `graceHours` (0–72)
 * and is then unpublished. A key already in a grace window stops at once (never three
 * signatures). Audited, with kids only.
 */
export async function rotateWorkspaceSigningKey(viewer: Principal, graceHours: number, now = new Date()) {
  const workspaceId = viewer.workspace.id;
  const before = await ensureSigningRows(workspaceId, now);
  const current = before.find((r) => r.retiresAt === null);
  const row = await newKeyRow(workspaceId);
  const retiresAt = new Date(now.getTime() + graceHours * 3_600_000);
  await viewer.data(async (tx) => {
    await tx.webhookSigningKey.updateMany({ where: { workspaceId, retiresAt: { gt: now } }, data: { retiresAt: now } });
    if (current) await tx.webhookSigningKey.update({ where: { kid: current.kid }, data: { retiresAt: graceHours > 0 ? retiresAt : now } });
    await tx.webhookSigningKey.create({ data: row });
    await viewer.audit(
      "webhook_signing_key.rotated",
      { type: "webhook_signing_key", id: row.kid, label: row.kid },
      { before: { kid: current?.kid ?? null }, after: { kid: row.kid, grace_period_hours: graceHours, previous_key_expires_at: current && graceHours > 0 ? retiresAt.toISOString() : null } },
      tx,
    );
  });
  return workspaceSigningKeys(viewer, now);
}
