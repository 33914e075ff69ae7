import { connect } from "node:net";
import { expect, test } from "@playwright/test";
import { expectSecurityHeaders } from "./support/headers";
import { MAIN_PORT } from "./support/servers";

/**
 * SPEC §3 over real HTTP: every /api answer is the envelope with X-Request-Id, unsupported
 * methods included. Raw sockets, because no HTTP client sends CONNECT, TRACK or FOO as is.
 */
interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function dechunk(body: string): string {
  let out = "";
  for (let rest = body; ; ) {
    const lineEnd = rest.indexOf("\r\n");
    const size = parseInt(rest.slice(0, lineEnd), 16);
    if (!size) return out;
    out += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}

function raw(requestText: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(MAIN_PORT, "127.0.0.1", () => socket.write(requestText));
    let data = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk) => (data += chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      // split() always answers at least one part.
      const [head = "", ...rest] = data.split("\r\n\r\n");
      const [statusLine = "", ...lines] = head.split("\r\n");
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
      const body = rest.join("\r\n\r\n");
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body: headers["transfer-encoding"] === "chunked" ? dechunk(body) : body });
    });
    setTimeout(() => socket.destroy(), 10_000);
  });
}

const send = (method: string, target: string) =>
  raw(`${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1:${MAIN_PORT}\r\nConnection: close\r\n\r\n`);

function expectEnvelope(response: RawResponse, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers["content-type"]).toContain("application/json");
  expect(response.headers["x-request-id"]).toMatch(/^req_/);
  expect(response.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(response.headers["x-content-type-options"]).toBe("nosniff");
  expect(JSON.parse(response.body).error).toMatchObject({ code, message: expect.any(String), request_id: response.headers["x-request-id"] });
}

test.describe("methods under /api", () => {
  test("a method the route does not export → 405 envelope with the route's Allow", async ({ request }) => {
    const response = await request.fetch("/api/health", { method: "DELETE" });
    expect(response.status()).toBe(405);
    expect(response.headers()["allow"]).toBe("GET, HEAD");
    expectSecurityHeaders(response);
    expect(await response.json()).toEqual({
      error: { code: "METHOD_NOT_ALLOWED", message: expect.any(String), request_id: response.headers()["x-request-id"] },
    });
  });

  test("methods Next does not know, and OPTIONS it would implement itself → 405 envelope", async () => {
    for (const method of ["PURGE", "PROPFIND", "OPTIONS"]) {
      const response = await send(method, "/api/webhooks/stripe");
      expectEnvelope(response, 405, "METHOD_NOT_ALLOWED");
      expect(response.headers.allow, method).toBe("POST");
    }
    // A route that exports OPTIONS (CORS preflight) still answers it.
    expect((await send("OPTIONS", "/api/v1/calls")).status).toBe(204);
  });

  test("an unclaimed /api path → 404 envelope whatever the method", async () => {
    for (const method of ["GET", "PUT", "OPTIONS", "PURGE"]) expectEnvelope(await send(method, "/api/no-such-route"), 404, "NOT_FOUND");
    expectEnvelope(await send("GET", "/api"), 404, "NOT_FOUND");
  });

  // These never reach proxy.ts (Node, or the Fetch API inside Next, refuses them first):
  // lib/security/pre-next-guard.ts answers them in scripts/lib/http-server.ts.
  test("TRACE, TRACK and FOO → 405 envelope with Allow; CONNECT → 405 envelope", async () => {
    for (const method of ["TRACE", "TRACK", "FOO"]) {
      const response = await send(method, "/api/v1/calls/call_1");
      expectEnvelope(response, 405, "METHOD_NOT_ALLOWED");
      expect(response.headers.allow, method).toBe("GET, HEAD, OPTIONS");
    }
    expectEnvelope(await send("CONNECT", `127.0.0.1:${MAIN_PORT}`), 405, "METHOD_NOT_ALLOWED");
  });

  test("paths Next answers in plain text before the gate → envelope", async () => {
    expectEnvelope(await send("GET", "/api/%"), 400, "VALIDATION_FAILED");
    expectEnvelope(await send("GET", "/api/health/"), 404, "NOT_FOUND");
    expectEnvelope(await send("GET", "/api//health"), 404, "NOT_FOUND");
  });
});
