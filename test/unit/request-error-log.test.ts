import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { onRequestError } from "@/instrumentation";
import { createLogger } from "@/lib/log/logger";

/**
 * Issue 17 item 4: Next's onRequestError hook writes page, action and route errors as one
 * JSON line of the structured logger, with request id and digest, scrubbed. (The running
 * server's output is checked end to end by e2e/start-output.spec.ts.)
 */
const holder = globalThis as unknown as { __switchboardLog?: unknown };
const previous = holder.__switchboardLog;
afterEach(() => void (holder.__switchboardLog = previous));

function capture(): () => Record<string, unknown>[] {
  const lines: string[] = [];
  holder.__switchboardLog = createLogger({
    level: "info",
    destination: new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }),
  });
  return () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe("onRequestError", () => {
  it("an action error is one JSON line: request id, digest, route, scrubbed message, no stack or query", async () => {
    const lines = capture();
    // As Next sets it in the Node.js runtime (the hook does nothing in the edge runtime).
    process.env.NEXT_RUNTIME = "nodejs";
    const key = "sb_live_sk_" + "A".repeat(38);
    const error = Object.assign(new Error(`boom with ${key} and +2348035550101`), { digest: "1234567890" });
    await onRequestError(error, { path: "/sign-in?token=abc", method: "POST", headers: { "x-request-id": "req_abcdefgh", cookie: "s=1" } }, { routerKind: "App Router", routePath: "/(auth)/sign-in", routeType: "action", revalidateReason: undefined });
    const [line] = lines();
    expect(line).toMatchObject({ level: 50, digest: 1234567890, request_id: "req_abcdefgh", method: "POST", path: "/sign-in", route: "/(auth)/sign-in", route_type: "action", msg: "action error" });
    const text = JSON.stringify(line);
    expect(text).not.toContain(key);
    expect(text).not.toContain("2348035550101");
    expect(text).not.toContain("token=abc");
    expect(text).not.toContain("s=1");
    expect(text).not.toMatch(/at .*\.ts:\d+/);
  });

  it.each([
    { routeType: "render" as const, routePath: "/(dashboard)/[workspace]/calls", path: "/demo/calls?caller=%2B2348035550101", method: "GET" },
    { routeType: "route" as const, routePath: "/api/v1/calls", path: "/api/v1/calls?api_key=x", method: "GET" },
  ])("a $routeType error (a page, a route handler) is the same one JSON line", async ({ routeType, routePath, path, method }) => {
    const lines = capture();
    process.env.NEXT_RUNTIME = "nodejs";
    const error = Object.assign(new Error("render failed for caller +2348035550101"), { digest: "42" });
    await onRequestError(error, { path, method, headers: { "x-request-id": "req_pageerror1" } }, { routerKind: "App Router", routePath, routeType, revalidateReason: undefined });
    const [line] = lines();
    expect(line).toMatchObject({ level: 50, request_id: "req_pageerror1", route: routePath, route_type: routeType, path: path.split("?")[0] });
    const text = JSON.stringify(line);
    expect(text).not.toContain("2348035550101");
    expect(text).not.toContain("api_key=x");
  });
});
