/** Outbound HTTP under SPEC §8 (decision 014): import from here. */
export { checkOutboundUrl, systemLookup, type CheckedOutboundUrl, type OutboundCheckOptions, type OutboundLookup } from "./check-url";
export {
  safeFetch,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_USER_AGENT,
  MAX_RESPONSE_BYTES,
  type SafeFetchOptions,
  type SafeFetchResponse,
} from "./safe-fetch";
export { OutboundRefused, OUTBOUND_NETWORK_REASONS, OUTBOUND_POLICY_REASONS, type OutboundRefusalReason } from "./errors";
export { recordOutboundRefusal, type OutboundPurpose, type OutboundRefusalContext } from "./record-refusal";
export { classifyAddress, type AddressVerdict } from "./address-policy";
export { outboundWarnings } from "./warnings";
