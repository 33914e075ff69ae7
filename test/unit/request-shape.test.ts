import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { publicRoute } from "@/lib/entry/route";
import { AppError } from "@/lib/core/errors";
import { readJsonBody } from "@/lib/core/request-shape";

const jsonRequest = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://localhost/api/x", { method: "POST", body, headers: { "content-type": "application/json", ...headers }, duplex: "half" } as RequestInit);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return "ok";
}

describe("request bodies", () => {
  it("over the limit by declared length → PAYLOAD_TOO_LARGE before reading", async () => {
    expect(await codeOf(readJsonBody(jsonRequest("{}", { "content-length": "999999" }), 1024))).toBe("PAYLOAD_TOO_LARGE");
  });

  it("over the limit while streaming (no or lying length) → PAYLOAD_TOO_LARGE", async () => {
    const big = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode(`"${"x".repeat(500)}",`));
        controller.close();
      },
    });
    expect(await codeOf(readJsonBody(jsonRequest(big), 1024))).toBe("PAYLOAD_TOO_LARGE");
  });

  it("wrong content type → UNSUPPORTED_MEDIA_TYPE; broken JSON → INVALID_JSON", async () => {
    expect(await codeOf(readJsonBody(jsonRequest("{}", { "content-type": "text/plain" })))).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(await codeOf(readJsonBody(jsonRequest("{nope")))).toBe("INVALID_JSON");
    expect(await readJsonBody(jsonRequest('{"a":1}'))).toEqual({ a: 1 });
  });

  it("a body cut off by the client going away → a 400 of its own, not an unhandled (500, logged) error", async () => {
    const cut = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"parent_origin":'));
        controller.error(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
      },
    });
    const error = await readJsonBody(jsonRequest(cut)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "VALIDATION_FAILED", status: 400 });
    expect((error as AppError).message).toMatch(/connection closed/);
  });
});

describe("the entry layer's public route", () => {
  const route = publicRoute({
    method: "POST",
    query: z.strictObject({ limit: z.coerce.number().int().max(100).optional() }),
    body: z.strictObject({ name: z.string().max(10) }),
    bodyLimitBytes: 256,
    handler: async ({ query, body }) => ({ query, body }),
  });
  const call = (url: string, body: string) =>
    route(new NextRequest(url, { method: "POST", body, headers: { "content-type": "application/json", "x-request-id": "trace-12345678" } }));

  it("answers the envelope with the request id for every refusal", async () => {
    const cases: [string, string, number, string][] = [
      ["http://l/api/x?limit=1&limit=2", '{"name":"a"}', 400, "DUPLICATE_PARAMETER"],
      ["http://l/api/x?limit=500", '{"name":"a"}', 400, "VALIDATION_FAILED"],
      ["http://l/api/x", '{"name":"a","admin":true}', 400, "VALIDATION_FAILED"],
      ["http://l/api/x", `{"name":"${"a".repeat(300)}"}`, 413, "PAYLOAD_TOO_LARGE"],
    ];
    for (const [url, body, status, code] of cases) {
      const response = await call(url, body);
      expect(response.status, code).toBe(status);
      const json = await response.json();
      expect(json.error).toMatchObject({ code, request_id: "trace-12345678" });
      expect(response.headers.get("x-request-id")).toBe("trace-12345678");
    }
  });

  it("unknown fields are named in details", async () => {
    const json = await (await call("http://l/api/x", '{"name":"a","admin":true}')).json();
    expect(JSON.stringify(json.error.details)).toContain("admin");
  });

  it("passes valid input through", async () => {
    const response = await call("http://l/api/x?limit=5", '{"name":"ok"}');
    expect(await response.json()).toEqual({ query: { limit: 5 }, body: { name: "ok" } });
  });

  it("an unexpected error is INTERNAL without its text", async () => {
    const failing = publicRoute({ method: "GET", handler: async () => { throw new Error("secret sb_live_sk_123 in a stack"); } });
    const response = await failing(new NextRequest("http://l/api/y"));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).toContain('"code":"INTERNAL"');
    expect(text).not.toContain("secret");
  });
});
