import { expect, test } from "@playwright/test";
import { expectSecurityHeaders } from "./support/headers";
import { LIMITS_API_LIMIT, LIMITS_URL } from "./support/servers";

// The limits instance allows LIMITS_API_LIMIT /api requests per IP per 10 minutes.
test.describe.serial("per-IP rate limits", () => {
  test("the request over the limit gets 429 with Retry-After, and a spoofed X-Forwarded-For changes nothing", async ({
    request,
  }) => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMITS_API_LIMIT; i++) {
      // Each request claims to come from a different client: the gate must not believe it.
      const response = await request.get(`${LIMITS_URL}/api/health`, {
        headers: { "x-forwarded-for": `198.51.100.${i + 1}`, "x-real-ip": `198.51.100.${i + 1}` },
      });
      statuses.push(response.status());
    }
    expect(statuses).toEqual(Array(LIMITS_API_LIMIT).fill(200));

    const limited = await request.get(`${LIMITS_URL}/api/health`, { headers: { "x-forwarded-for": "203.0.113.77" } });
    expect(limited.status()).toBe(429);
    const retryAfter = Number(limited.headers()["retry-after"]);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(limited.headers()["ratelimit-limit"]).toBe(String(LIMITS_API_LIMIT));
    expect(limited.headers()["ratelimit-remaining"]).toBe("0");
    expect(Number(limited.headers()["ratelimit-reset"])).toBeGreaterThan(0);
    expectSecurityHeaders(limited);
    const body = await limited.json();
    expect(body.error.code).toBe("RATE_LIMITED");
    expect(body.error.request_id).toBe(limited.headers()["x-request-id"]);
  });

  test("pages are not counted against the API limit", async ({ request }) => {
    expect((await request.get(`${LIMITS_URL}/`)).status()).toBe(200);
  });
});
