import ipaddr from "ipaddr.js";

/**
 * Which addresses outbound requests may reach (SPEC §8, decision 014): public unicast only.
 * The ranges come from ipaddr.js's `range()` (RFC 6890 special-purpose registries), not from
 * hand-written CIDR arithmetic.
 */

export interface AddressVerdict {
  isAllowed: boolean;
  /** The address to connect to: canonical text, IPv4-mapped IPv6 turned into IPv4. */
  address: string;
  /** ipaddr.js's range name (`unicast`, `loopback`, `private`, `linkLocal`, …). */
  range: string;
}

export interface AddressPolicy {
  /** OUTBOUND_ALLOW_LOOPBACK: 127.0.0.0/8 and ::1 become reachable — nothing else does. */
  allowLoopback: boolean;
}

// Global unicast is 2000::/3; ipaddr.js calls anything it has no name for "unicast",
// including unassigned space and the deprecated IPv4-compatible ::a.b.c.d form.
const IPV6_GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR("2000::/3");
// NAT64's well-known prefix (RFC 6052) carries a public IPv4 address on IPv6-only hosts with
// DNS64; the local-use prefix 64:ff9b:1::/48 (RFC 8215) is the operator's own network.
const NAT64_WELL_KNOWN = ipaddr.IPv6.parseCIDR("64:ff9b::/96");

function classifyIPv4(v4: ipaddr.IPv4, policy: AddressPolicy): Omit<AddressVerdict, "address"> {
  const range = v4.range();
  if (range === "unicast") return { isAllowed: true, range };
  return { isAllowed: range === "loopback" && policy.allowLoopback, range };
}

function embeddedIPv4(v6: ipaddr.IPv6): ipaddr.IPv4 {
  // An IPv6 address has eight 16-bit parts; the last two carry the IPv4 address.
  const [hi = 0, lo = 0] = v6.parts.slice(6);
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
}

/** Whether one resolved (or literal) address may be contacted. Never throws. */
export function classifyAddress(text: string, policy: AddressPolicy): AddressVerdict {
  if (!ipaddr.isValid(text)) return { isAllowed: false, address: text, range: "invalid" };
  const parsed = ipaddr.parse(text);
  if (parsed.kind() === "ipv4") {
    const v4 = parsed as ipaddr.IPv4;
    return { ...classifyIPv4(v4, policy), address: v4.toString() };
  }
  const v6 = parsed as ipaddr.IPv6;
  // A zone id (fe80::1%eth0) only exists on link-local addresses, which are refused anyway.
  if (v6.zoneId) return { isAllowed: false, address: text, range: "scoped" };
  if (v6.isIPv4MappedAddress()) {
    const v4 = v6.toIPv4Address();
    return { ...classifyIPv4(v4, policy), address: v4.toString() };
  }
  const address = v6.toString();
  const range = v6.range();
  if (range === "loopback") return { isAllowed: policy.allowLoopback, address, range };
  if (v6.match(NAT64_WELL_KNOWN)) {
    const inner = classifyIPv4(embeddedIPv4(v6), { allowLoopback: false });
    return { isAllowed: inner.isAllowed, address, range: inner.isAllowed ? range : inner.range };
  }
  // 6to4 and Teredo (deprecated tunnels that can wrap any IPv4 address), NAT64 local use,
  // unique-local, site-local, documentation, benchmarking, … are all refused.
  return { isAllowed: range === "unicast" && v6.match(IPV6_GLOBAL_UNICAST), address, range };
}

const RANGE_LABELS: Record<string, string> = {
  loopback: "a loopback address",
  private: "a private network address",
  linkLocal: "a link-local address",
  carrierGradeNat: "a carrier-grade NAT address",
  uniqueLocal: "a unique-local (private) IPv6 address",
  multicast: "a multicast address",
  broadcast: "the broadcast address",
  unspecified: "the unspecified address",
  ipv4Mapped: "an IPv4-mapped address",
};

/** Words for a refused range, for messages shown to the workspace. */
export function describeRange(range: string, address?: string): string {
  if (address === "169.254.169.254" || address === "fd00:ec2::254") return "a cloud metadata address";
  return RANGE_LABELS[range] ?? "a reserved or non-public address";
}
