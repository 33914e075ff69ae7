import { expect, test } from "@playwright/test";
import { expectSecurityHeaders, nonceOf } from "./support/headers";
import { STRICT_URL } from "./support/servers";

test.describe("request gate", () => {
  test("an HTML page carries every SPEC §9 header", async ({ request }) => {
    const response = await request.get("/");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("text/html");
    expectSecurityHeaders(response);
  });

  test("an API response carries every SPEC §9 header", async ({ request }) => {
    const response = await request.get("/api/health");
    expect(response.status()).toBe(200);
    expectSecurityHeaders(response);
    expect(await response.json()).toMatchObject({ status: "ok", database: expect.any(String), ratelimit: expect.any(String) });
  });

  test("a 404 page and an API 404 carry every header; the API one is the JSON envelope", async ({ request }) => {
    const page = await request.get("/no-such-page");
    expect(page.status()).toBe(404);
    expectSecurityHeaders(page);
    const api = await request.get("/api/no-such-route");
    expect(api.status()).toBe(404);
    expectSecurityHeaders(api);
    const body = await api.json();
    expect(body).toEqual({
      error: { code: "NOT_FOUND", message: expect.any(String), request_id: api.headers()["x-request-id"] },
    });
  });

  test("an error response carries every header", async ({ request }) => {
    const response = await request.get("/api/health?x=1&x=2");
    expect(response.status()).toBe(400);
    expectSecurityHeaders(response);
  });

  test("HSTS is sent when APP_URL is https", async ({ request }) => {
    const response = await request.get(`${STRICT_URL}/`);
    expectSecurityHeaders(response, { https: true });
  });

  test("the nonce differs per request and is on every script tag", async ({ request }) => {
    const first = await request.get("/");
    const second = await request.get("/");
    const nonce = nonceOf(first);
    expect(nonce).not.toBe(nonceOf(second));
    const html = await first.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(2);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(html).not.toContain(nonceOf(second));
  });

  test("/admin and other guesses answer 404", async ({ request }) => {
    for (const path of ["/admin", "/admin/", "/admin/login", "/administrator", "/ops"]) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(404);
    }
  });

  test("duplicate query parameters are refused with DUPLICATE_PARAMETER", async ({ request }) => {
    const response = await request.get("/api/health?limit=1&limit=100");
    expect(response.status()).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe("DUPLICATE_PARAMETER");
    expect(body.error.request_id).toBe(response.headers()["x-request-id"]);
  });

  test("a safe incoming request id is kept; an unsafe one is replaced", async ({ request }) => {
    const kept = await request.get("/api/health", { headers: { "x-request-id": "trace-1234abcd" } });
    expect(kept.headers()["x-request-id"]).toBe("trace-1234abcd");
    const replaced = await request.get("/api/health", { headers: { "x-request-id": "<script>alert(1)</script> and spaces" } });
    expect(replaced.headers()["x-request-id"]).toMatch(/^req_/);
  });
});
