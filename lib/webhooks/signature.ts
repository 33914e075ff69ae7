import "server-only";
import { createHmac } from "node:crypto";

/**
 * Outgoing webhook signatures (SPEC §4).
 *
 * `X-Switchboard-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>]`, each hex being
 * HMAC-SHA256 over `<t>.<raw body>` keyed with the secret string as given (UTF-8, `whsec_`
 * prefix included). That is byte for byte Stripe's `Stripe-Signature` scheme, so Stripe's SDK
 * (`webhooks.constructEvent`) verifies our deliveries too — receivers may use either.
 *
 * The timestamp is inside the MAC, so a captured delivery cannot be replayed after the
 * receiver's tolerance (5 minutes) has passed. Sign at send time, once per attempt: a retry
 * days later carries the same body and event id but a fresh `t`.
 *
 * No spaces in the header: Stripe's parser splits on "," and "=" without trimming.
 */
export const SIGNATURE_HEADER = "X-Switchboard-Signature";
export const EVENT_ID_HEADER = "X-Switchboard-Event-Id";
export const EVENT_TYPE_HEADER = "X-Switchboard-Event-Type";

const EVENT_ID_PATTERN = /^evt_[A-Za-z0-9_-]+$/;
const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

/** HMAC-SHA256 of `<timestamp>.<payload>` keyed with `secret`, lower-case hex. */
export function computeSignature(secret: string, timestamp: number, payload: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
}

export interface SignatureHeaderInput {
  /** The raw JSON body exactly as it will be sent. */
  payload: string;
  /** Newest first; two only during a rotation's grace window. */
  secrets: readonly string[];
  /** Unix seconds. */
  timestamp: number;
}

export function signatureHeader({ payload, secrets, timestamp }: SignatureHeaderInput): string {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new RangeError("timestamp must be a non-negative integer of unix seconds");
  }
  // Two is the rotation grace window's shape (new, previous); more means a caller bug.
  if (secrets.length < 1 || secrets.length > 2) {
    throw new RangeError(`expected one or two signing secrets, got ${secrets.length}`);
  }
  if (secrets.some((secret) => typeof secret !== "string" || secret.length === 0)) {
    throw new TypeError("signing secrets must be non-empty strings");
  }
  const parts = secrets.map((secret) => `v1=${computeSignature(secret, timestamp, payload)}`);
  return [`t=${timestamp}`, ...parts].join(",");
}

export interface WebhookHeadersInput {
  eventId: string;
  eventType: string;
  payload: string;
  secrets: readonly string[];
  /** Send time; the signature's `t`. Defaults to the current time. */
  now?: Date;
}

export function webhookHeaders({ eventId, eventType, payload, secrets, now = new Date() }: WebhookHeadersInput): Record<string, string> {
  if (!EVENT_ID_PATTERN.test(eventId)) throw new TypeError("eventId must look like evt_…");
  if (!EVENT_TYPE_PATTERN.test(eventType)) throw new TypeError("eventType must look like call.completed");
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    "Content-Type": "application/json",
    [SIGNATURE_HEADER]: signatureHeader({ payload, secrets, timestamp }),
    [EVENT_ID_HEADER]: eventId,
    [EVENT_TYPE_HEADER]: eventType,
  };
}

export interface EventBodyInput {
  id: string;
  type: string;
  /** Unix seconds when the event happened (not when it is sent). */
  created: number;
  livemode: boolean;
  data: Record<string, unknown>;
}

/**
 * The delivery body: `{"id","type","created","livemode","data":{…}}` in that key order.
 * Build it once per event and store the string — every attempt must send the same bytes.
 */
export function eventBody({ id, type, created, livemode, data }: EventBodyInput): string {
  if (!EVENT_ID_PATTERN.test(id)) throw new TypeError("id must look like evt_…");
  if (!EVENT_TYPE_PATTERN.test(type)) throw new TypeError("type must look like call.completed");
  if (!Number.isSafeInteger(created) || created < 0) throw new RangeError("created must be unix seconds");
  if (data === null || typeof data !== "object" || Array.isArray(data)) throw new TypeError("data must be an object");
  return JSON.stringify({ id, type, created, livemode, data });
}
