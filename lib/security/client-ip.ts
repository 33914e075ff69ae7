import { createHmac, timingSafeEqual } from "node:crypto";
import { isLoopback } from "./loopback";

/**
 * How the client IP is trusted — read this before touching it (decision 027).
 *
 * Next's server keeps any X-Forwarded-For a client sends, so neither it nor the raw header
 * can be believed. Our server (scripts/lib/http-server.ts) overwrites PEER_HEADER on every
 * request with the socket's remote address; a client cannot set it. With TRUST_PROXY_HOPS = 0
 * (the default) that socket address is the client. Behind N proxies that each append to
 * X-Forwarded-For, the client is the Nth address from the right of [...X-Forwarded-For,
 * socket]: everything further left was written by the client and is ignored.
 *
 * Internal hops. Next re-sends some requests to itself over loopback with the original
 * request's headers (a server action posted to a page that does not own it is forwarded to
 * the page that does; a fetch action's redirect target is fetched the same way), so on that
 * hop the socket address is this host's, not the client's. The server therefore also puts a
 * stamp on every request (PEER_STAMP_HEADER): the peer address and the time, signed with a
 * secret that exists only in this process's memory. A request that arrives from this host
 * carrying a stamp that verifies keeps the stamped address (and the stamp); any other stamp —
 * missing, malformed, duplicated, forged, signed with another secret, stale — is ignored and
 * replaced with a fresh one for the socket address. resolvePeer() is that decision.
 */
export const PEER_HEADER = "x-switchboard-peer-ip";
export const PEER_STAMP_HEADER = "x-switchboard-peer-stamp";

/**
 * How long a stamp is honoured on an internal hop: longer than a request may take to arrive
 * (the server's requestTimeout, 120 s) plus the action that runs before a redirect's hop,
 * short enough that a stamp which somehow leaked is useless soon after.
 */
export const PEER_STAMP_MAX_AGE_MS = 5 * 60_000;
/** Clock steps backwards this far (same process, so only a clock adjustment) are tolerated. */
const FUTURE_SKEW_MS = 5_000;
const STAMP_VERSION = "v1";

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

function signature(secret: Uint8Array, issuedAt: string, ip: string): string {
  return createHmac("sha256", secret).update(`${STAMP_VERSION}\n${issuedAt}\n${ip}`).digest("base64url");
}

/** `v1.<issued at, ms>.<peer address, base64url>.<HMAC-SHA256, base64url>`. */
export function signPeerStamp(ip: string, secret: Uint8Array, now: number): string {
  const issuedAt = String(Math.floor(now));
  return [STAMP_VERSION, issuedAt, Buffer.from(ip, "utf8").toString("base64url"), signature(secret, issuedAt, ip)].join(".");
}

const STAMP_SHAPE = /^v1\.(\d{1,16})\.([A-Za-z0-9_-]{1,128})\.([A-Za-z0-9_-]{43})$/;

/**
 * The address a stamp vouches for, or null when it does not verify. A header sent twice
 * arrives as an array or joined with ", " (Node joins repeated custom headers): neither has
 * the stamp's shape, so it is refused, never "the first one".
 */
export function verifyPeerStamp(raw: string | string[] | undefined, secret: Uint8Array, now: number): string | null {
  if (typeof raw !== "string") return null;
  const match = STAMP_SHAPE.exec(raw);
  if (!match) return null;
  const [, issuedAt, encodedIp, given] = match as unknown as [string, string, string, string];
  const ip = Buffer.from(encodedIp, "base64url").toString("utf8");
  // Base64url that does not round-trip (stray bits, or not UTF-8) is not one we wrote.
  if (Buffer.from(ip, "utf8").toString("base64url") !== encodedIp || !ip || /[\s,]/.test(ip)) return null;
  const expected = Buffer.from(signature(secret, issuedAt, ip));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
  const age = now - Number(issuedAt);
  if (age > PEER_STAMP_MAX_AGE_MS || age < -FUTURE_SKEW_MS) return null;
  return ip;
}

export interface PeerSocket {
  remoteAddress?: string | undefined;
  localAddress?: string | undefined;
}

/**
 * Decides the peer address of a request as it reaches our server, and the stamp to send on
 * with it. Only a connection from this host (loopback, or our own address talking to itself:
 * Next's internal hops) may carry the address forward, and only with a stamp that verifies;
 * everything else is the socket's address with a new stamp. The client's own PEER_HEADER is
 * never read.
 */
export function resolvePeer(
  stampHeader: string | string[] | undefined,
  socket: PeerSocket,
  secret: Uint8Array,
  now: number,
): { peer: string; stamp: string; hop: "client" | "internal" } {
  const remote = socket.remoteAddress ?? "";
  const fromThisHost = remote !== "" && (isLoopback(normaliseIp(remote)) || normaliseIp(remote) === normaliseIp(socket.localAddress ?? ""));
  if (fromThisHost && typeof stampHeader === "string") {
    const stamped = verifyPeerStamp(stampHeader, secret, now);
    if (stamped !== null) return { peer: stamped, stamp: stampHeader, hop: "internal" };
  }
  return { peer: remote, stamp: signPeerStamp(remote, secret, now), hop: "client" };
}
