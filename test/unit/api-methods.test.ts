import { readdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  API_ROUTE_METHODS,
  allowedMethods,
  apiMethodRefusal,
  matchApiRoute,
  ROUTE_METHODS,
} from "@/lib/security/api-methods";
import { guardServer, refuseBeforeNext } from "@/lib/security/pre-next-guard";
import { proxy } from "@/proxy";
import { useTestEnv } from "../support/env";

/**
 * SPEC §3: every /api response is the envelope, unsupported methods included. The manifest
 * in lib/security/api-methods.ts is checked here against the route files themselves, and the
 * gate's answer to every method each route does not export.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const APP = path.join(ROOT, "app");
const PROBED = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "TRACK", "CONNECT", "FOO"];
// The Fetch API refuses to build a Request with these; Next hits the same wall (see pre-next-guard.ts).
const FETCH_FORBIDDEN = new Set(["TRACE", "TRACK", "CONNECT"]);
const CATCH_ALL = "/api/[...path]";

interface RouteFile {
  file: string;
  route: string;
  exported: string[];
}

function routeFiles(): string[] {
  return readdirSync(path.join(APP, "api"), { recursive: true, encoding: "utf8" })
    .filter((f) => path.basename(f) === "route.ts")
    .map((f) => path.join(APP, "api", f))
    .sort();
}

/** The URL path a route file serves: its folder under app/, route groups left out. */
function routeOf(file: string): string {
  const segments = path.relative(APP, path.dirname(file)).split(path.sep).filter((s) => !/^\(.*\)$/.test(s));
  return `/${segments.join("/")}`;
}

/** A concrete path the route must be matched for: each [param] and [...rest] filled in. */
function samplePath(route: string): string {
  if (route === CATCH_ALL) return "/api/no-such/route";
  return route
    .replace(/\[\[?\.\.\.[^\]]+\]\]?/g, "a/b")
    .replace(/\[[^\]]+\]/g, "sample_1");
}

/** What the gate must allow, computed from the module itself (not from the manifest). */
function expectedAllow(exported: string[]): string[] {
  const set = new Set(exported);
  if (set.has("GET")) set.add("HEAD");
  return ROUTE_METHODS.filter((m) => set.has(m));
}

function gateRequest(pathname: string, method: string): NextRequest {
  const url = `http://localhost:3000${pathname}`;
  if (!FETCH_FORBIDDEN.has(method)) return new NextRequest(url, { method });
  const request = new NextRequest(url, { method: "GET" });
  Object.defineProperty(request, "method", { value: method });
  return request;
}

let routes: RouteFile[] = [];

beforeAll(async () => {
  await useTestEnv({ RATE_LIMIT_API_REQUESTS: "1000000" });
  routes = [];
  for (const file of routeFiles()) {
    const mod = (await import(file)) as Record<string, unknown>;
    const exported = Object.keys(mod).filter((name) => (ROUTE_METHODS as readonly string[]).includes(name));
    routes.push({ file: path.relative(ROOT, file), route: routeOf(file), exported });
  }
}, 120_000);

describe("the /api method manifest", () => {
  it("lists exactly the route files and the methods each exports", () => {
    expect(routes.length).toBeGreaterThan(10);
    const actual = Object.fromEntries(routes.map((r) => [r.route, [...r.exported].sort()]));
    const manifest = Object.fromEntries(Object.entries(API_ROUTE_METHODS).map(([k, v]) => [k, [...v].sort()]));
    expect(manifest, "lib/security/api-methods.ts API_ROUTE_METHODS is out of date").toEqual(actual);
  });

  it("matches each route's own paths to it, as Next does", () => {
    for (const { route } of routes) expect(matchApiRoute(samplePath(route)), route).toBe(route);
    // Static segments win over [param]; unclaimed paths fall to the catch-all; /api itself has no route.
    expect(matchApiRoute("/api/v1/calls/abc/recording")).toBe("/api/v1/calls/[id]/recording");
    expect(matchApiRoute("/api/v1/calls/abc/nope")).toBe(CATCH_ALL);
    expect(matchApiRoute("/api/v1/webhook-endpoints/we_1/rotate-secret")).toBe("/api/v1/webhook-endpoints/[id]/rotate-secret");
    expect(matchApiRoute("/api/auth")).toBe(CATCH_ALL);
    expect(matchApiRoute("/api/auth/session")).toBe("/api/auth/[...nextauth]");
    expect(matchApiRoute("/api")).toBeUndefined();
    expect(apiMethodRefusal("/sign-in", "TRACE")).toBeNull();
  });

  it("allows HEAD wherever GET is exported", () => {
    expect(allowedMethods("/api/health")).toEqual(["GET", "HEAD"]);
    expect(allowedMethods("/api/v1/webhook-endpoints/[id]")).toEqual(["GET", "HEAD", "PATCH", "DELETE", "OPTIONS"]);
    expect(allowedMethods("/api/webhooks/stripe")).toEqual(["POST"]);
  });
});

async function expectEnvelope(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/json");
  const requestId = response.headers.get("x-request-id");
  expect(requestId).toMatch(/^req_/);
  expect(await response.json()).toEqual({ error: { code, message: expect.any(String), request_id: requestId } });
}

describe("the gate (proxy.ts) under /api", () => {
  it("answers 405 METHOD_NOT_ALLOWED with Allow for every method a route does not export", async () => {
    let checked = 0;
    for (const { route, exported, file } of routes) {
      if (route === CATCH_ALL) continue;
      const allow = expectedAllow(exported);
      for (const method of PROBED) {
        const response = await proxy(gateRequest(samplePath(route), method));
        if (allow.includes(method)) {
          // Passed on to the route.
          expect(response.headers.get("x-middleware-next"), `${method} ${file}`).toBe("1");
          continue;
        }
        expect(response.headers.get("allow"), `${method} ${file}`).toBe(allow.join(", "));
        await expectEnvelope(response, 405, "METHOD_NOT_ALLOWED");
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("answers 404 NOT_FOUND for unclaimed /api paths whatever the method, /api itself included", async () => {
    const exported = routes.find((r) => r.route === CATCH_ALL)!.exported;
    for (const pathname of ["/api/no-such/route", "/api/v1/calls/abc/nope", "/api"]) {
      for (const method of PROBED) {
        const response = await proxy(gateRequest(pathname, method));
        if (pathname !== "/api" && exported.includes(method)) {
          // The catch-all route answers these with the same 404 envelope.
          expect(response.headers.get("x-middleware-next"), `${method} ${pathname}`).toBe("1");
          continue;
        }
        await expectEnvelope(response, 404, "NOT_FOUND");
      }
    }
  });

  it("answers an odd spelling of a route's path as the path Next routes it to (routedPath)", async () => {
    // Every letter of every static segment encoded, and a dot segment: still that route.
    const oddly = (pathname: string) =>
      pathname.replace(/\/([a-z][a-z0-9-]*)/g, (_segment, name: string) => `/./${[...name].map((c) => `%${c.charCodeAt(0).toString(16)}`).join("")}`);
    let checked = 0;
    for (const { route, exported, file } of routes) {
      if (route === CATCH_ALL) continue;
      const allow = expectedAllow(exported);
      for (const method of PROBED) {
        if (FETCH_FORBIDDEN.has(method) || allow.includes(method)) continue;
        const response = await proxy(gateRequest(oddly(samplePath(route)), method));
        expect(response.headers.get("allow"), `${method} ${file}`).toBe(allow.join(", "));
        await expectEnvelope(response, 405, "METHOD_NOT_ALLOWED");
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
    // …and a path that cannot be normalised is refused before any route is looked for.
    const unroutable = await proxy(gateRequest("/api/v1/calls%2Fabc", "GET"));
    expect(unroutable.status).toBe(400);
    expect((await unroutable.json()).error).toMatchObject({ code: "VALIDATION_FAILED", details: [{ field: "path", issue: expect.any(String) }] });
  });

  it("keeps the request id it was given and the security headers on a refusal", async () => {
    const request = new NextRequest("http://localhost:3000/api/health", { method: "DELETE", headers: { "x-request-id": "trace-12345678" } });
    const response = await proxy(request);
    expect(response.status).toBe(405);
    expect(response.headers.get("x-request-id")).toBe("trace-12345678");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await response.json()).error.request_id).toBe("trace-12345678");
  });

  it("leaves pages alone", async () => {
    const response = await proxy(new NextRequest("http://localhost:3000/sign-up", { method: "PUT" }));
    expect(response.headers.get("x-middleware-next")).toBe("1");
  });
});

// What never reaches the gate, over real HTTP against a Node server with the guard installed.
describe("the Node-level guard (pre-next-guard.ts)", () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (refuseBeforeNext(req, res, { https: false })) return;
      res.writeHead(200, { "content-type": "text/plain" }).end(`reached ${req.method}`);
    });
    guardServer(server, { https: false });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function raw(requestText: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => socket.write(requestText));
      let data = "";
      socket.setEncoding("utf8");
      socket.on("data", (chunk) => (data += chunk));
      socket.on("error", reject);
      socket.on("close", () => {
        // split() always answers at least one part.
        const [head = "", ...rest] = data.split("\r\n\r\n");
        const [statusLine = "", ...lines] = head.split("\r\n");
        const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
        resolve({ status: Number(statusLine.split(" ")[1]), headers, body: rest.join("\r\n\r\n") });
      });
      setTimeout(() => socket.destroy(), 5_000);
    });
  }

  const request = (method: string, target: string) => raw(`${method} ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);

  function expectRawEnvelope(response: { status: number; headers: Record<string, string>; body: string }, status: number, code: string) {
    expect(response.status).toBe(status);
    expect(response.headers["content-type"]).toBe("application/json");
    expect(response.headers["x-request-id"]).toMatch(/^req_/);
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    const { error } = JSON.parse(response.body);
    expect(error).toMatchObject({ code, message: expect.any(String), request_id: response.headers["x-request-id"] });
    expect(Object.keys(error).filter((k) => k !== "details")).toEqual(["code", "message", "request_id"]);
  }

  for (const method of ["TRACE", "TRACK", "FOO"]) {
    it(`${method} on an API route → 405 with the route's Allow; on an unclaimed path → 404`, async () => {
      const onRoute = await request(method, "/api/v1/webhook-endpoints/we_1?x=1");
      expectRawEnvelope(onRoute, 405, "METHOD_NOT_ALLOWED");
      expect(onRoute.headers.allow).toBe("GET, HEAD, PATCH, DELETE, OPTIONS");
      expectRawEnvelope(await request(method, "/api/nothing-here"), 404, "NOT_FOUND");
      const page = await request(method, "/");
      expectRawEnvelope(page, 405, "METHOD_NOT_ALLOWED");
      expect(page.headers.allow).toBe("GET, HEAD, POST");
    });
  }

  it("CONNECT → 405 envelope instead of a dropped connection", async () => {
    const response = await request("CONNECT", "localhost:443");
    expectRawEnvelope(response, 405, "METHOD_NOT_ALLOWED");
    expect(response.headers.allow).toBeTruthy();
  });

  it("answers the /api paths Next would answer in plain text: undecodable, trailing or doubled slashes", async () => {
    const undecodable = await request("GET", "/api/%");
    expectRawEnvelope(undecodable, 400, "VALIDATION_FAILED");
    expect(JSON.parse(undecodable.body).error.details).toEqual([{ field: "path", issue: expect.any(String) }]);
    for (const target of ["/api/", "/api/health/", "/api//health", "/api/v1/calls/?limit=1"]) {
      expectRawEnvelope(await request("GET", target), 404, "NOT_FOUND");
    }
    // Outside /api, and with a query Next decodes leniently, the request goes on.
    for (const target of ["/settings/", "/api/health?x=%"]) expect((await request("GET", target)).status, target).toBe(200);
  });

  it("answers 400 on any path the gate could not normalise either (lib/security/routed-path.ts)", async () => {
    for (const target of ["/sign-in%", "/settings/%zz", "/api/auth/callback%2Fcredentials", "/ops%5Cx", "/%C0%AF", "/api/%2e%2e%2Fhealth"]) {
      const response = await request("POST", target);
      expectRawEnvelope(response, 400, "VALIDATION_FAILED");
      expect(JSON.parse(response.body).error.details, target).toEqual([{ field: "path", issue: expect.any(String) }]);
    }
  });

  it("keeps a safe incoming request id", async () => {
    const response = await raw("TRACE /api/health HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: trace-12345678\r\nConnection: close\r\n\r\n");
    expect(response.headers["x-request-id"]).toBe("trace-12345678");
    expect(JSON.parse(response.body).error.request_id).toBe("trace-12345678");
  });

  it("lets every other method through, and keeps Node's answer to a malformed request", async () => {
    for (const method of ["GET", "POST", "PURGE", "PROPFIND"]) {
      const response = await request(method, "/api/health");
      expect(response.status, method).toBe(200);
      expect(response.body).toContain(`reached ${method}`);
    }
    const malformed = await raw("GET /api/health HTTP/1.1\r\nHost: localhost\r\nBad Header\r\n\r\n");
    expect(malformed.status).toBe(400);
  });
});
