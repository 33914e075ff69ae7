import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { AppError, envelope } from "../core/errors";
import { newRequestId, REQUEST_ID_HEADER, resolveRequestId } from "../core/request-id";
import { apiMethodRefusal, isApiPath } from "./api-methods";
import { buildCsp, newNonce } from "./csp";
import { securityHeaders } from "./headers";
import { routedPath } from "./routed-path";

/**
 * What never reaches proxy.ts, answered with the SPEC §3 envelope by our own Node server
 * (scripts/lib/http-server.ts) before Next sees it. Checked on Node 20 / Next 16:
 *
 * - CONNECT: Node's http server emits it as a "connect" event, never as a request; with no
 *   listener it drops the connection without a word.
 * - TRACK and any other method its parser does not know (FOO): Node refuses them while
 *   parsing, with an empty 400, as a "clientError" — no request object exists.
 * - TRACE: Node passes it on, but the Fetch API forbids it (`new Request(…, { method: "TRACE" })`
 *   throws), so Next fails building the gate's NextRequest: a text/plain 500, no gate.
 * - A path Next cannot decode (/api/%) is a text/plain 500 from Next before the gate; it
 *   answers 400 VALIDATION_FAILED here, as does any path the gate could not normalise
 *   either (lib/security/routed-path.ts: an encoded slash, escapes that are not UTF-8).
 * - Under /api, a trailing or doubled slash (/api/health/, /api//health) is a text/plain 308
 *   from Next's router, before the gate. It answers 404 NOT_FOUND here: the API's paths have
 *   neither (SPEC §3), and a client should not be sent elsewhere.
 *
 * Everything else (PURGE, PROPFIND…, and the methods a route does not export) reaches the
 * gate, which answers from lib/security/api-methods.ts. The method refusals apply outside
 * /api too (a page could only answer them with Next's plain 500 or nothing).
 */
export const PRE_NEXT_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);

/** What a page (not an /api route) answers: GET and HEAD, POST for forms and server actions. */
const PAGE_ALLOW = "GET, HEAD, POST";

export interface GuardOptions {
  https: boolean;
  dev?: boolean;
}

const REASONS: Record<number, string> = { 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed" };

/** The path of a request target as sent (origin-form), or as WHATWG parses an absolute-form one. */
function rawPath(target: string | undefined): string | undefined {
  if (!target) return undefined;
  if (target.startsWith("/")) return target.split(/[?#]/, 1)[0];
  try {
    return new URL(target).pathname;
  } catch {
    return undefined;
  }
}

function methodRefusal(target: string | undefined, method: string): AppError {
  const pathname = rawPath(target);
  const apiRefusal = pathname ? apiMethodRefusal(pathname, method) : null;
  return apiRefusal ?? new AppError("METHOD_NOT_ALLOWED", undefined, { headers: { Allow: PAGE_ALLOW } });
}

function pathRefusal(pathname: string): AppError | null {
  let routed: string;
  try {
    routed = routedPath(pathname);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  if (!isApiPath(routed)) return null;
  if (pathname.endsWith("/") || pathname.includes("//")) {
    return new AppError("NOT_FOUND", "No such API route. API paths have no trailing or doubled slashes.");
  }
  return null;
}

function responseHeaders(error: AppError, requestId: string, options: GuardOptions, bodyLength: number) {
  // SPEC §9's headers, as the gate sets them on every other response.
  return {
    ...securityHeaders(options),
    "Content-Security-Policy": buildCsp(newNonce(), { https: options.https, dev: options.dev ?? false }),
    ...error.options.headers,
    "Content-Type": "application/json",
    "Content-Length": String(bodyLength),
    "Cache-Control": "no-store",
    [REQUEST_ID_HEADER]: requestId,
  };
}

/** Writes a whole HTTP/1.1 response on a socket that has no ServerResponse (CONNECT, parse errors). */
function writeRaw(socket: Duplex, error: AppError, requestId: string, options: GuardOptions): void {
  const body = JSON.stringify(envelope(error, requestId));
  const headers = { ...responseHeaders(error, requestId, options, Buffer.byteLength(body)), Connection: "close" };
  const head = [`HTTP/1.1 ${error.status} ${REASONS[error.status] ?? "Error"}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  socket.end(`${head.join("\r\n")}\r\n\r\n${body}`);
}

/**
 * For the server's request handler, before Next: answers TRACE and the /api paths Next
 * cannot route (see above) and returns true, or returns false and leaves the request alone.
 */
export function refuseBeforeNext(req: IncomingMessage, res: ServerResponse, options: GuardOptions): boolean {
  const method = req.method ?? "";
  const pathname = rawPath(req.url);
  const error = PRE_NEXT_METHODS.has(method) ? methodRefusal(req.url, method) : pathname ? pathRefusal(pathname) : null;
  if (!error) return false;
  const incoming = req.headers[REQUEST_ID_HEADER];
  const requestId = resolveRequestId(typeof incoming === "string" ? incoming : undefined);
  const body = JSON.stringify(envelope(error, requestId));
  res.writeHead(error.status, responseHeaders(error, requestId, options, Buffer.byteLength(body)));
  res.end(body);
  return true;
}

// A request line as the parser saw it, for the path of a method it refused.
const REQUEST_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}) (\S{1,8192}) HTTP\/1\.[01]\r?\n/;

/**
 * Answers CONNECT, and methods Node's parser refuses (TRACK, FOO), with the envelope. Other
 * parse errors keep Node's own answers (400, 408, 431, empty): the request line may not be
 * read, so there is no path to know it was under /api.
 */
export function guardServer(server: Server, options: GuardOptions): void {
  server.on("connect", (req: IncomingMessage, socket: Duplex) => {
    const incoming = req.headers[REQUEST_ID_HEADER];
    const requestId = resolveRequestId(typeof incoming === "string" ? incoming : undefined);
    // The target of a CONNECT is host:port, not a path: no route can match it.
    writeRaw(socket, new AppError("METHOD_NOT_ALLOWED", undefined, { headers: { Allow: PAGE_ALLOW } }), requestId, options);
  });
  server.on("clientError", (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex) => {
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    if (error.code === "HPE_INVALID_METHOD") {
      const line = REQUEST_LINE.exec(error.rawPacket?.subarray(0, 8300).toString("latin1") ?? "");
      writeRaw(socket, methodRefusal(line?.[2], line?.[1] ?? ""), newRequestId(), options);
      return;
    }
    // Node's own answer to everything else.
    const status =
      error.code === "HPE_HEADER_OVERFLOW"
        ? "431 Request Header Fields Too Large"
        : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? "408 Request Timeout"
          : "400 Bad Request";
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
  });
}
