import "server-only";
import { createHmac, sign, type KeyObject } from "node:crypto";
import { decryptText } from "../crypto/envelope";
import { isSignatureScheme } from "./scheme-names";
import { EVENT_TYPE_HEADER, webhookHeaders } from "./signature";
import { standardWebhooksKey } from "./secret";
import { deliverySigningKeys } from "./signing-keys";

/**
 * The three signature schemes an endpoint may choose (SPEC §4, decision 049):
 *
 * - `switchboard` (default): `X-Switchboard-Signature: t=…,v1=<hex>` (lib/webhooks/signature.ts),
 *   HMAC keyed with the secret string as shown — Stripe's scheme byte for byte.
 * - `standard`: Standard Webhooks 1.0. `webhook-id` (the event id), `webhook-timestamp` (unix
 *   seconds), `webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, keyed
 *   with the secret's 32 random bytes (the base64url after `whsec_`, decoded) — which is what
 *   the `standardwebhooks` and `svix` libraries use when handed the same bytes as
 *   `whsec_<standard base64>` (`standardWebhooksSecret`).
 * - `standard-ed25519`: the same headers, `v1a,<base64 Ed25519 signature>` over the same
 *   content with the workspace's key pair; the public keys are the JWKS at `signing_keys_url`.
 *
 * During a rotation's grace window the header carries two space-separated signatures, new
 * first. Signed at send time, once per attempt, like the default scheme.
 */
export interface SigningEndpoint {
  id: string;
  workspaceId: string;
  signatureScheme: string;
  secretEnc: string;
  previousSecretEnc: string | null;
  previousSecretExpiresAt: Date | null;
}

export interface SigningEvent {
  id: string;
  type: string;
  /** The stored body string, sent byte for byte. */
  body: string;
}

/** The endpoint's secrets at `now`, newest first: the previous one too during its grace window. */
async function endpointSecrets(endpoint: SigningEndpoint, now: Date): Promise<string[]> {
  const bind = { workspaceId: endpoint.workspaceId, column: "webhook_secret", rowId: endpoint.id };
  const secrets = [await decryptText(bind, endpoint.secretEnc)];
  if (endpoint.previousSecretEnc && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now) {
    secrets.push(await decryptText(bind, endpoint.previousSecretEnc));
  }
  return secrets;
}

/** What Standard Webhooks signs: `<id>.<timestamp>.<body>`. */
export const standardSignedContent = (eventId: string, timestamp: number, body: string) => Buffer.from(`${eventId}.${timestamp}.${body}`, "utf8");

export interface StandardHeadersInput {
  eventId: string;
  eventType: string;
  /** The raw JSON body exactly as it will be sent. */
  payload: string;
  /** Unix seconds. */
  timestamp: number;
}

function standardHeaders(input: StandardHeadersInput, signatures: string[]): Record<string, string> {
  // Two is the rotation grace window's shape (new, previous); more means a caller bug.
  if (signatures.length < 1 || signatures.length > 2) throw new RangeError(`expected one or two signatures, got ${signatures.length}`);
  return {
    "Content-Type": "application/json",
    "webhook-id": input.eventId,
    "webhook-timestamp": String(input.timestamp),
    "webhook-signature": signatures.join(" "),
    // Not part of Standard Webhooks; lets a receiver route before it parses the body.
    [EVENT_TYPE_HEADER]: input.eventType,
  };
}

/** `standard`: `v1,<base64 HMAC-SHA256>` per secret (newest first), keyed with the secret's 32 bytes. */
export function standardHmacHeaders(input: StandardHeadersInput & { secrets: readonly string[] }): Record<string, string> {
  const content = standardSignedContent(input.eventId, input.timestamp, input.payload);
  return standardHeaders(input, input.secrets.map((s) => `v1,${createHmac("sha256", standardWebhooksKey(s)).update(content).digest("base64")}`));
}

/** `standard-ed25519`: `v1a,<base64 Ed25519 signature>` per private key (newest first). */
export function standardEd25519Headers(input: StandardHeadersInput & { privateKeys: readonly KeyObject[] }): Record<string, string> {
  const content = standardSignedContent(input.eventId, input.timestamp, input.payload);
  return standardHeaders(input, input.privateKeys.map((k) => `v1a,${sign(null, content, k).toString("base64")}`));
}

/** The headers of one delivery attempt to `endpoint`, signed with its scheme at `now`. */
export async function signDelivery(endpoint: SigningEndpoint, event: SigningEvent, now: Date): Promise<Record<string, string>> {
  const scheme = isSignatureScheme(endpoint.signatureScheme) ? endpoint.signatureScheme : "switchboard";
  if (scheme === "switchboard") {
    return webhookHeaders({ eventId: event.id, eventType: event.type, payload: event.body, secrets: await endpointSecrets(endpoint, now), now });
  }
  const input = { eventId: event.id, eventType: event.type, payload: event.body, timestamp: Math.floor(now.getTime() / 1000) };
  if (scheme === "standard") return standardHmacHeaders({ ...input, secrets: await endpointSecrets(endpoint, now) });
  const keys = await deliverySigningKeys(endpoint.workspaceId, now);
  return standardEd25519Headers({ ...input, privateKeys: keys.map((k) => k.privateKey) });
}
