import "server-only";
import { promises as dns } from "node:dns";
import { isIP } from "node:net";
import { config } from "../../config";
import { classifyAddress, describeRange } from "./address-policy";
import { OutboundRefused } from "./errors";

/** Resolves a host name to every address it has, as `dns.promises.lookup(…, { all: true })` does. */
export type OutboundLookup = (hostname: string) => Promise<ReadonlyArray<{ address: string; family: number }>>;

export interface OutboundCheckOptions {
  /** Default: OUTBOUND_ALLOW_LOOPBACK. Lets 127.0.0.0/8 and ::1 through — nothing else. */
  allowLoopback?: boolean;
  /** Default: NODE_ENV=production. Then plain http is refused, except to allowed loopback. */
  requireHttps?: boolean;
  /** Default: the system resolver (getaddrinfo: /etc/hosts, then DNS). Tests inject one. */
  lookup?: OutboundLookup;
  /** Abandons a slow lookup (safeFetch passes its deadline). */
  signal?: AbortSignal;
}

export interface CheckedOutboundUrl {
  url: URL;
  /** Every address the host resolved to, each allowed, canonical; connect only to these. */
  addresses: string[];
}

export const systemLookup: OutboundLookup = (hostname) =>
  dns.lookup(hostname, { all: true, verbatim: true });

/** 80 and 443 (also spelt out), or an unprivileged port: no SSH, SMTP, SMB, … (decision 014). */
function isAllowedPort(url: URL): boolean {
  if (url.port === "") return true;
  const port = Number(url.port);
  return port === 80 || port === 443 || (port >= 1024 && port <= 65535);
}

/** The reason a signal was aborted, as an OutboundRefused. */
export function abortReason(signal: AbortSignal, host?: string): OutboundRefused {
  if (signal.reason instanceof OutboundRefused) return signal.reason;
  return new OutboundRefused("aborted", "the request was cancelled", { host });
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined, host: string): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(abortReason(signal, host));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal, host));
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

async function resolveHost(host: string, options: OutboundCheckOptions): Promise<string[]> {
  if (isIP(host) !== 0) return [host];
  const lookup = options.lookup ?? systemLookup;
  let results: ReadonlyArray<{ address: string }>;
  try {
    results = await untilAborted(lookup(host), options.signal, host);
  } catch (error) {
    if (error instanceof OutboundRefused) throw error;
    throw new OutboundRefused("dns_failure", `${host} could not be resolved`, { host, cause: error });
  }
  if (results.length === 0) throw new OutboundRefused("dns_failure", `${host} has no addresses`, { host });
  return results.map((r) => r.address);
}

/**
 * Decides whether a URL may be requested (SPEC §8) and returns the addresses it may be
 * requested at. Refuses, with an OutboundRefused naming the reason: a URL that does not parse;
 * a scheme other than http/https (https only in production); a user name or password; a
 * privileged port other than 80/443; a host that does not resolve; and a host with ANY
 * address that is not public unicast — loopback (unless allowed), private, link-local and
 * the metadata address, CGNAT, multicast, broadcast, unspecified, reserved and documentation
 * ranges, IPv6 unique-local, and IPv4-mapped, 6to4, Teredo and NAT64 forms of those.
 * The caller must connect only to the returned addresses (safeFetch does).
 */
export async function checkOutboundUrl(input: string, options: OutboundCheckOptions = {}): Promise<CheckedOutboundUrl> {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new OutboundRefused("invalid_url", "not a valid URL");
  }
  // WHATWG parsing has already turned 0x7f000001, 2130706433, 0177.0.0.1 and 127.1 into
  // 127.0.0.1, and [::ffff:127.0.0.1] into [::ffff:7f00:1]; only brackets remain to strip.
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new OutboundRefused("scheme", `only http and https URLs are allowed, not ${url.protocol}`, { host });
  }
  if (url.username !== "" || url.password !== "") {
    throw new OutboundRefused("credentials", "URLs with a user name or password are not allowed", { host });
  }
  if (!isAllowedPort(url)) {
    throw new OutboundRefused("port", `port ${url.port} is not allowed: use 80, 443 or a port from 1024 to 65535`, { host });
  }
  const allowLoopback = options.allowLoopback ?? config().OUTBOUND_ALLOW_LOOPBACK;
  const requireHttps = options.requireHttps ?? config().isProduction;
  const isPlainHttp = url.protocol === "http:";
  if (isPlainHttp && requireHttps && !allowLoopback) {
    throw new OutboundRefused("https_required", "only https URLs are allowed", { host });
  }

  const resolved = await resolveHost(host, options);
  const isLiteral = isIP(host) !== 0;
  const addresses: string[] = [];
  for (const candidate of resolved) {
    const verdict = classifyAddress(candidate, { allowLoopback });
    if (!verdict.isAllowed) {
      const what = describeRange(verdict.range, verdict.address);
      // A host name's addresses come from our resolver, which may see an internal zone: name
      // the category, never the address (decision 014). A literal is the user's own text.
      const message = isLiteral
        ? `${host} is ${what}; only public addresses can be reached`
        : `${host} resolves to ${what}; only public addresses can be reached`;
      throw new OutboundRefused("private_address", message, { host, address: verdict.address, range: verdict.range });
    }
    if (!addresses.includes(verdict.address)) addresses.push(verdict.address);
  }
  // Production allows plain http only to a local test receiver under OUTBOUND_ALLOW_LOOPBACK.
  if (isPlainHttp && requireHttps) {
    const isAllLoopback = addresses.every((a) => classifyAddress(a, { allowLoopback: false }).range === "loopback");
    if (!isAllLoopback) throw new OutboundRefused("https_required", "only https URLs are allowed", { host });
  }
  return { url, addresses };
}
