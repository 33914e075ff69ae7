import ipaddr from "ipaddr.js";
import { AppError } from "../core/errors";

/**
 * Per-key IP allowlists (SPEC §3, decision 041): CIDR ranges, IPv4 and IPv6, parsed by
 * ipaddr.js (as lib/security/outbound does) rather than by hand. Entries are stored in
 * canonical form — network address, prefix, IPv6 compressed, IPv4-mapped IPv6 ranges turned
 * into IPv4 — so what the keys page shows is what is enforced.
 */
export const MAX_ALLOWLIST_ENTRIES = 50;

export interface AllowlistEntryError {
  entry: string;
  issue: string;
}

/**
 * Strict address syntax: dotted quads only (ipaddr.js alone also reads `10.1` and `0x0a.1.1.1`,
 * which nobody types meaning a range), IPv6 without a zone id.
 */
function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (text.includes(":")) {
    if (text.includes("%") || !ipaddr.IPv6.isValid(text)) return null;
    return ipaddr.IPv6.parse(text);
  }
  return ipaddr.IPv4.isValidFourPartDecimal(text) ? ipaddr.IPv4.parse(text) : null;
}

/** One entry (`203.0.113.0/24`, `2001:db8::/32`, or one address) in canonical form, or why not. */
export function canonicalCidr(raw: string): { cidr: string } | { issue: string } {
  const text = raw.trim();
  const match = /^([^/\s]+)(?:\/(\d{1,3}))?$/.exec(text);
  if (!match) return { issue: "not an address or CIDR range" };
  let address = parseAddress(match[1]!);
  if (!address) return { issue: "not an IPv4 or IPv6 address" };
  let prefix = match[2] === undefined ? (address.kind() === "ipv4" ? 32 : 128) : Number(match[2]);
  if (address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    // ::ffff:192.0.2.0/120 is the IPv4 range 192.0.2.0/24; clients arrive as IPv4 (client-ip.ts).
    if (prefix < 96) return { issue: "an IPv4-mapped range needs a prefix of at least 96" };
    address = (address as ipaddr.IPv6).toIPv4Address();
    prefix -= 96;
  }
  const bits = address.kind() === "ipv4" ? 32 : 128;
  if (prefix > bits) return { issue: `the prefix must be at most ${bits}` };
  if (prefix === 0) return { issue: "a /0 range allows every address: leave the list empty instead" };
  const network = address.kind() === "ipv4"
    ? ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${prefix}`)
    : ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/${prefix}`);
  return { cidr: `${network.toString()}/${prefix}` };
}

/**
 * The allowlist a member typed (one entry per line, or separated by commas or spaces), in
 * canonical form without duplicates, or VALIDATION_FAILED naming each bad entry.
 */
export function parseAllowlist(input: string | readonly string[]): string[] {
  const entries = (typeof input === "string" ? input.split(/[\s,]+/) : [...input]).map((e) => e.trim()).filter(Boolean);
  const errors: AllowlistEntryError[] = [];
  const out = new Set<string>();
  for (const entry of entries) {
    const result = canonicalCidr(entry);
    if ("cidr" in result) out.add(result.cidr);
    else errors.push({ entry: entry.slice(0, 60), issue: result.issue });
  }
  if (errors.length) {
    throw new AppError("VALIDATION_FAILED", `Not a valid IP range: ${errors.map((e) => `${e.entry} (${e.issue})`).join("; ")}.`, {
      details: errors.map((e) => ({ field: "allowedCidrs", issue: `${e.entry}: ${e.issue}` })),
    });
  }
  if (out.size > MAX_ALLOWLIST_ENTRIES) {
    throw new AppError("VALIDATION_FAILED", `Use at most ${MAX_ALLOWLIST_ENTRIES} ranges.`, { details: [{ field: "allowedCidrs", issue: "too many entries" }] });
  }
  return [...out];
}

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

// Parsed ranges, by their stored text: a flood against a blocklist or an allowlisted key
// compares the same few entries on every request (bounded; cleared when full).
const ranges = new Map<string, Range | null>();
const RANGES_MAX = 10_000;

/**
 * A stored (canonical) entry as a range, or null when it no longer parses. Parsed by its own
 * kind: ipaddr.parseCIDR tries IPv6 first and throws for every IPv4 entry, which costs more
 * than the comparison.
 */
function rangeOf(cidr: string): Range | null {
  let range = ranges.get(cidr);
  if (range !== undefined) return range;
  try {
    range = cidr.includes(":") ? ipaddr.IPv6.parseCIDR(cidr) : ipaddr.IPv4.parseCIDR(cidr);
  } catch {
    // A stored entry was canonical when written; one that no longer parses allows nothing.
    range = null;
  }
  if (ranges.size >= RANGES_MAX) ranges.clear();
  ranges.set(cidr, range);
  return range;
}

/**
 * Whether `ip` (as lib/security/client-ip.ts resolved it) is inside one of `cidrs`. An empty
 * list allows every address; an address that does not parse ("unknown") matches nothing.
 * IPv4-mapped IPv6 addresses are compared as the IPv4 address they carry.
 */
export function isIpAllowed(ip: string, cidrs: readonly string[]): boolean {
  if (cidrs.length === 0) return true;
  const text = ip.trim().replace(/^\[|\]$/g, "");
  if (!ipaddr.isValid(text) || text.includes("%")) return false;
  const address = ipaddr.process(text);
  for (const cidr of cidrs) {
    const range = rangeOf(cidr);
    if (range && range[0].kind() === address.kind() && address.match(range)) return true;
  }
  return false;
}
