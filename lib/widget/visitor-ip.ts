import ipaddr from "ipaddr.js";

/**
 * The visitor's address as the workspace may keep it (SPEC §14, like caller masking in §5):
 * with masking on, only the network — IPv4 /24 (`203.0.113.0/24`), IPv6 /48 — so a web
 * call's caller is as coarse as a masked phone number; with masking off, the address.
 * Also the caller display of the web call (at most 32 characters: long IPv6 addresses are
 * shown as their /64 even with masking off).
 */
export function reducedVisitorIp(ip: string, masking: boolean): string {
  if (!ipaddr.isValid(ip)) return "unknown";
  const address = ipaddr.process(ip);
  const prefix = address.kind() === "ipv4" ? (masking ? 24 : 32) : masking ? 48 : 128;
  const full = address.kind() === "ipv4" ? 32 : 128;
  if (prefix === full) {
    const text = address.toString();
    if (text.length <= 32) return text;
    return `${ipaddr.IPv6.networkAddressFromCIDR(`${text}/64`).toString()}/64`;
  }
  const network = address.kind() === "ipv4" ? ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${prefix}`) : ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/${prefix}`);
  return `${network.toString()}/${prefix}`;
}

/** The single-address range of an IP, for the automatic blocklist (`203.0.113.7/32`). */
export function hostRange(ip: string): string | null {
  if (!ipaddr.isValid(ip)) return null;
  const address = ipaddr.process(ip);
  return `${address.toString()}/${address.kind() === "ipv4" ? 32 : 128}`;
}
