/**
 * Why an outbound request (webhook delivery, URL import) did not happen or did not finish.
 * The first group are policy refusals — the target is not allowed (SSRF blocks, SPEC §8) and
 * each is a security event. The second group are ordinary network outcomes of an allowed
 * target: a delivery failure to retry, not an attack.
 */
export const OUTBOUND_POLICY_REASONS = [
  "invalid_url",
  "scheme",
  "https_required",
  "credentials",
  "port",
  "private_address",
] as const;

export const OUTBOUND_NETWORK_REASONS = [
  "dns_failure",
  "connection_failed",
  "timeout",
  "aborted",
  "too_large",
] as const;

export type OutboundPolicyReason = (typeof OUTBOUND_POLICY_REASONS)[number];
export type OutboundNetworkReason = (typeof OUTBOUND_NETWORK_REASONS)[number];
export type OutboundRefusalReason = OutboundPolicyReason | OutboundNetworkReason;

export interface OutboundRefusedDetails {
  /** The URL's host as written (never its path, query or credentials). */
  host?: string;
  /** The address that was refused or could not be reached; for logs, not for the message. */
  address?: string;
  /** The named range of a refused address (`loopback`, `private`, `linkLocal`, …). */
  range?: string;
  cause?: unknown;
}

/**
 * The one error `checkOutboundUrl` and `safeFetch` throw. `message` is safe to show to the
 * workspace that configured the URL: it names the host it typed and the category of a
 * refused address, never an address its host name resolved to (decision 014).
 */
export class OutboundRefused extends Error {
  readonly host?: string;
  readonly address?: string;
  readonly range?: string;

  constructor(
    readonly reason: OutboundRefusalReason,
    message: string,
    details: OutboundRefusedDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "OutboundRefused";
    this.host = details.host;
    this.address = details.address;
    this.range = details.range;
  }

  /** True for SSRF blocks and other policy refusals, which are security events. */
  get isPolicyRefusal(): boolean {
    return (OUTBOUND_POLICY_REASONS as readonly string[]).includes(this.reason);
  }
}
