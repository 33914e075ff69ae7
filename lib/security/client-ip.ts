/**
 * How the client IP is trusted — read this before touching it.
 *
 * Next's server keeps any X-Forwarded-For a client sends, so neither it nor the raw header
 * can be believed. Our server (scripts/server.ts) overwrites PEER_HEADER on every request
 * with the socket's remote address; a client cannot set it. With TRUST_PROXY_HOPS = 0 (the
 * default) that socket address is the client. Behind N proxies that each append to
 * X-Forwarded-For, the client is the Nth address from the right of [...X-Forwarded-For,
 * socket]: everything further left was written by the client and is ignored.
 */
export const PEER_HEADER = "x-switchboard-peer-ip";

export function normaliseIp(ip: string): string {
  const trimmed = ip.trim().replace(/^\[|\]$/g, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return (mapped?.[1] ?? trimmed).toLowerCase();
}

export function clientIp(headers: Headers, trustedHops: number): string {
  const peer = headers.get(PEER_HEADER);
  if (!peer) return "unknown";
  if (trustedHops === 0) return normaliseIp(peer);
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  // chain holds at least the peer and trustedHops ≥ 0 (config), so the index is in range.
  return normaliseIp(chain[Math.max(0, chain.length - 1 - trustedHops)]!);
}
