import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Receiver-side verification of Switchboard webhooks (SPEC §4, docs/webhooks.md).
 *
 * Dependency-free on purpose (only `node:crypto`): receivers copy this file into their own
 * service. Give it the raw request body — the exact bytes received, never re-serialised JSON —
 * the `X-Switchboard-Signature` header and your endpoint's `whsec_…` secret:
 *
 *   const { timestamp } = verifyWebhook(rawBody, req.headers["x-switchboard-signature"], secret);
 *
 * Header: `t=<unix seconds>,v1=<hex>[,v1=<hex>]`. Each `v1` is HMAC-SHA256 of `<t>.<raw body>`
 * keyed with the secret string (UTF-8, prefix included). During a secret rotation there are
 * two `v1` values (new secret first); either matching is enough. Other schemes (`v0=`, …) are
 * ignored so new ones can be added without breaking receivers. Spaces around parts are
 * tolerated.
 *
 * Deliveries are at-least-once: after verifying, skip event ids (`X-Switchboard-Event-Id`)
 * you have already processed.
 */

export type WebhookVerificationReason =
  | "missing_header"
  | "malformed_header"
  | "no_signature"
  | "timestamp_outside_tolerance"
  | "signature_mismatch";

export class WebhookVerificationError extends Error {
  readonly reason: WebhookVerificationReason;

  constructor(reason: WebhookVerificationReason, message: string) {
    super(message);
    this.name = "WebhookVerificationError";
    this.reason = reason;
  }
}

export interface VerifyWebhookOptions {
  /** Largest accepted distance between `t` and now, either direction. Default 300 s. */
  toleranceSec?: number;
  /** The receiving time: a Date or epoch milliseconds. Defaults to the current time. */
  now?: Date | number;
}

export const DEFAULT_TOLERANCE_SEC = 300;

const TIMESTAMP_PATTERN = /^\d{1,15}$/;

interface ParsedHeader {
  timestamp: number;
  signatures: string[];
}

function parseSignatureHeader(header: string): ParsedHeader {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const rawPart of header.split(",")) {
    const part = rawPart.trim();
    if (part === "") continue;
    const eq = part.indexOf("=");
    if (eq <= 0) throw new WebhookVerificationError("malformed_header", "signature header part is not key=value");
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t") {
      // One timestamp only: with two, sender and receiver could disagree about which is signed.
      if (timestamp !== null || !TIMESTAMP_PATTERN.test(value)) {
        throw new WebhookVerificationError("malformed_header", "signature header needs exactly one numeric t");
      }
      timestamp = Number(value);
    } else if (key === "v1") {
      signatures.push(value);
    }
    // Unknown schemes are skipped, not errors.
  }
  if (timestamp === null) throw new WebhookVerificationError("malformed_header", "signature header has no t");
  return { timestamp, signatures };
}

/** Constant-time over the candidate; a length mismatch is a plain false, never a throw. */
function matches(expected: Buffer, candidate: string): boolean {
  const given = Buffer.from(candidate.toLowerCase(), "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function verifyWebhook(
  rawBody: string | Buffer,
  header: string | readonly string[] | null | undefined,
  secret: string,
  { toleranceSec = DEFAULT_TOLERANCE_SEC, now }: VerifyWebhookOptions = {},
): { timestamp: number } {
  // An empty key would let anyone sign: a configuration error, not a bad request.
  if (typeof secret !== "string" || secret.length === 0) throw new TypeError("webhook secret is required");
  if (!Number.isFinite(toleranceSec) || toleranceSec <= 0) throw new RangeError("toleranceSec must be positive");

  // Node's IncomingHttpHeaders types custom headers as string | string[].
  if (typeof header !== "string" && header && header.length > 1) {
    throw new WebhookVerificationError("malformed_header", "more than one signature header");
  }
  const value = typeof header === "string" ? header : header?.[0];
  if (typeof value !== "string" || value.trim() === "") {
    throw new WebhookVerificationError("missing_header", "no X-Switchboard-Signature header");
  }

  const { timestamp, signatures } = parseSignatureHeader(value);
  if (signatures.length === 0) throw new WebhookVerificationError("no_signature", "no v1 signature in header");

  const hmac = createHmac("sha256", secret).update(`${timestamp}.`, "utf8");
  hmac.update(typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : rawBody);
  const expected = Buffer.from(hmac.digest("hex"), "utf8");
  // Check every candidate (no early exit), so timing does not tell which one matched.
  let isValid = false;
  for (const signature of signatures) isValid = matches(expected, signature) || isValid;
  if (!isValid) throw new WebhookVerificationError("signature_mismatch", "no v1 signature matches this body and secret");

  // Checked after the MAC so a stale-but-genuine delivery is reported as such, and in both
  // directions: a far-future t would otherwise stay replayable until it became "now".
  const nowSec = (now === undefined ? Date.now() : typeof now === "number" ? now : now.getTime()) / 1000;
  if (Math.abs(nowSec - timestamp) > toleranceSec) {
    throw new WebhookVerificationError("timestamp_outside_tolerance", "signature timestamp is outside the tolerance");
  }
  return { timestamp };
}
