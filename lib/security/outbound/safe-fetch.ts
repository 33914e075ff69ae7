import "server-only";
import http, { type IncomingHttpHeaders } from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { abortReason, checkOutboundUrl, type OutboundCheckOptions } from "./check-url";
import { OutboundRefused } from "./errors";

export const DEFAULT_USER_AGENT = "Switchboard-Webhooks/1";
export const DEFAULT_TIMEOUT_MS = 30_000;
/** SPEC §4: delivery logs keep a response excerpt of at most 2 KB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 2 * 1024;
/** The most any caller may ask for: URL imports of knowledge-base files (their own per-type limits are lower). */
export const MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

export interface SafeFetchOptions extends Omit<OutboundCheckOptions, "signal"> {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Everything — DNS, connect, TLS, headers, body — within this. Default 30 s. */
  timeoutMs?: number;
  /** Bytes of the response body kept; default 2 KB, at most 20 MB. */
  maxResponseBytes?: number;
  /** "truncate" (default): keep the first bytes, `truncated: true`. "error": throw too_large. */
  onTooLarge?: "truncate" | "error";
  signal?: AbortSignal;
}

export interface SafeFetchResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** At most maxResponseBytes; raw (no Accept-Encoding is sent, so nothing is compressed). */
  body: Buffer;
  truncated: boolean;
  /** The address actually connected to — always one that checkOutboundUrl allowed. */
  address: string;
  /** From the call to the end of the body read (or the cut-off). */
  latencyMs: number;
}

// Ours to set: the Host the URL names, and the framing of the body we send.
const RESERVED_HEADERS = new Set(["host", "content-length", "transfer-encoding", "connection"]);

function sameAddress(a: string, b: string): boolean {
  try {
    return ipaddr.process(a).toNormalizedString() === ipaddr.process(b).toNormalizedString();
  } catch {
    return false;
  }
}

/**
 * The resolver handed to the socket: it answers with the addresses that were checked and
 * never asks DNS again, so a record that changes between check and connect (DNS rebinding)
 * changes nothing.
 */
function pinnedLookup(addresses: string[]): LookupFunction {
  const entries = addresses.map((address) => ({ address, family: isIP(address) }));
  return (_hostname, options, callback) => {
    const wanted = options.family === 4 || options.family === 6 ? entries.filter((e) => e.family === options.family) : entries;
    const [first] = wanted;
    if (!first) {
      const error = Object.assign(new Error("no checked address of that family"), { code: "ENOTFOUND" });
      callback(error, "", 0);
    } else if (options.all) {
      (callback as unknown as (err: null, all: typeof entries) => void)(null, wanted);
    } else {
      callback(null, first.address, first.family);
    }
  };
}

function requestHeaders(url: URL, options: SafeFetchOptions, body: Buffer | undefined): Record<string, string> {
  const headers: Record<string, string> = { "user-agent": DEFAULT_USER_AGENT };
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    const lower = name.toLowerCase();
    if (!RESERVED_HEADERS.has(lower)) headers[lower] = value;
  }
  headers.host = url.host;
  if (body !== undefined) headers["content-length"] = String(body.length);
  return headers;
}

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/;

function networkFailure(error: unknown, host: string, address: string | undefined): OutboundRefused {
  if (error instanceof OutboundRefused) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const text = typeof code === "string" ? code : "unknown error";
  const what =
    code === "ECONNREFUSED"
      ? "the connection was refused"
      : code === "ECONNRESET"
        ? "the connection was reset"
        : typeof code === "string" && TLS_CODE.test(code)
          ? `the TLS handshake failed (${text})`
          : typeof code === "string" && code.startsWith("HPE_")
            ? `the response was not valid HTTP (${text})`
            : `the request failed (${text})`;
  return new OutboundRefused("connection_failed", `${host}: ${what}`, { host, address, cause: error });
}

function send(
  url: URL,
  addresses: string[],
  options: SafeFetchOptions,
  signal: AbortSignal,
  started: number,
): Promise<SafeFetchResponse> {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const isLiteral = isIP(host) !== 0;
  const isHttps = url.protocol === "https:";
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;

  if (signal.aborted) return Promise.reject(abortReason(signal, host));
  // checkOutboundUrl answers at least one address or refuses the URL.
  const [checked] = addresses;
  if (checked === undefined) return Promise.reject(new Error(`safeFetch: no checked address for ${host}`));
  return new Promise<SafeFetchResponse>((resolve, reject) => {
    let settled = false;
    let connectedTo: string | undefined;
    const request = (isHttps ? https : http).request({
      protocol: url.protocol,
      // A literal is connected to as checked (canonical form); a name goes through the pin.
      host: isLiteral ? checked : host,
      port: url.port === "" ? (isHttps ? 443 : 80) : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: (options.method ?? "GET").toUpperCase(),
      headers: requestHeaders(url, options, body),
      lookup: pinnedLookup(addresses),
      // TLS verifies the certificate against the name in the URL, not the address.
      ...(isHttps && !isLiteral ? { servername: host } : {}),
      // A fresh connection each time: a pooled socket would outlive the check that allowed it.
      agent: false,
    });

    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      request.destroy();
      reject(networkFailure(error, host, connectedTo));
    };
    const onAbort = () => fail(abortReason(signal, host));
    signal.addEventListener("abort", onAbort, { once: true });

    request.on("socket", (socket) => {
      socket.once("connect", () => {
        connectedTo = socket.remoteAddress;
        // Belt and braces: the pin makes any other address impossible; if it ever happened,
        // nothing is sent.
        if (!connectedTo || !addresses.some((a) => sameAddress(a, connectedTo!))) {
          fail(new OutboundRefused("private_address", `${host}: connected to an address that was not checked`, { host, address: connectedTo }));
        }
      });
    });
    request.on("error", fail);
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      const finish = () => {
        if (settled) return;
        settled = true;
        signal.removeEventListener("abort", onAbort);
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks, size),
          truncated,
          address: connectedTo ?? response.socket?.remoteAddress ?? checked,
          latencyMs: Math.round(performance.now() - started),
        });
        // Stop reading and drop the connection: the rest of an oversized body is not ours to wait for.
        if (truncated) request.destroy();
      };
      const declared = Number(response.headers["content-length"]);
      if (options.onTooLarge === "error" && Number.isFinite(declared) && declared > maxBytes) {
        fail(new OutboundRefused("too_large", `${host}: the response is larger than ${maxBytes} bytes`, { host }));
        return;
      }
      response.on("data", (chunk: Buffer) => {
        if (settled) return;
        const room = maxBytes - size;
        if (chunk.length <= room) {
          chunks.push(chunk);
          size += chunk.length;
          return;
        }
        if (options.onTooLarge === "error") {
          fail(new OutboundRefused("too_large", `${host}: the response is larger than ${maxBytes} bytes`, { host }));
          return;
        }
        chunks.push(chunk.subarray(0, room));
        size += room;
        truncated = true;
        finish();
      });
      response.on("end", finish);
      response.on("error", fail);
      response.on("close", () => {
        if (!response.complete) fail(Object.assign(new Error("response ended early"), { code: "ECONNRESET" }));
      });
    });
    request.end(body);
  });
}

function hostOf(input: string): string | undefined {
  try {
    return new URL(input).hostname.replace(/^\[(.*)\]$/, "$1");
  } catch {
    return undefined;
  }
}

/**
 * One outbound HTTP request under SPEC §8: the URL is checked (checkOutboundUrl), the
 * connection goes only to a checked address (the lookup is pinned, so DNS rebinding cannot
 * redirect it; TLS and Host keep the URL's name), redirects are returned, never followed,
 * the whole exchange has a deadline, and the body read stops at maxResponseBytes.
 * Throws OutboundRefused — policy reasons before anything is sent, network reasons after.
 * Any HTTP status, 3xx/4xx/5xx included, is a response, not an error.
 */
export async function safeFetch(input: string, options: SafeFetchOptions = {}): Promise<SafeFetchResponse> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 300_000) {
    throw new RangeError("safeFetch: timeoutMs must be an integer from 1 to 300000");
  }
  if (!Number.isInteger(maxBytes) || maxBytes < 0 || maxBytes > MAX_RESPONSE_BYTES) {
    throw new RangeError(`safeFetch: maxResponseBytes must be an integer from 0 to ${MAX_RESPONSE_BYTES}`);
  }
  const host = hostOf(input);
  const deadline = new AbortController();
  const timer = setTimeout(() => {
    deadline.abort(new OutboundRefused("timeout", `${host ?? "the host"} did not answer within ${timeoutMs} ms`, { host }));
  }, timeoutMs);
  const onCallerAbort = () => deadline.abort(new OutboundRefused("aborted", "the request was cancelled", { host }));
  if (options.signal?.aborted) onCallerAbort();
  options.signal?.addEventListener("abort", onCallerAbort, { once: true });
  try {
    const { url, addresses } = await checkOutboundUrl(input, { ...options, signal: deadline.signal });
    return await send(url, addresses, options, deadline.signal, started);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onCallerAbort);
  }
}
