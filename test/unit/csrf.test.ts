import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { crossSiteRefusal, isCrossSiteStateChange, type CrossSiteReason } from "@/lib/security/csrf";
import { useTestEnv } from "../support/env";

/**
 * The cross-site check (SPEC §1, §9; issue 16 item 16): a state change that carries the
 * session cookie must show it comes from our own origin, and one with neither Origin nor
 * Sec-Fetch-Site is refused (every browser sends one of them). First the rule itself over
 * header combinations × methods × cookie or none, then the gate's answers by path.
 */

const recorded = vi.hoisted(() => [] as { type: string; details?: Record<string, unknown> }[]);
vi.mock("@/lib/audit/security-events", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/audit/security-events")>();
  const record = async (event: { type: string; details?: Record<string, unknown> }) => void recorded.push(event);
  return { ...original, recordSecurityEvent: record, recordSecurityEventCoalesced: async (_key: string, event: { type: string }) => record(event) };
});

const OWN = "http://localhost:3000";
const ADMIN_PATH = "/ops-csrf-matrix-test-0001";
const METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"] as const;
const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Header combinations, and what a cookie-carrying state change with them deserves. */
const HEADERS: [label: string, headers: Record<string, string>, verdict: CrossSiteReason | null][] = [
  ["neither Origin nor Sec-Fetch-Site", {}, "no_origin_headers"],
  ["our Origin", { origin: OWN }, null],
  ["our Origin, Sec-Fetch-Site same-origin", { origin: OWN, "sec-fetch-site": "same-origin" }, null],
  ["Sec-Fetch-Site same-origin, no Origin", { "sec-fetch-site": "same-origin" }, null],
  ["Sec-Fetch-Site none (the user's own navigation), no Origin", { "sec-fetch-site": "none" }, null],
  ["a foreign Origin", { origin: "https://evil.example" }, "foreign_origin"],
  ["our host on another scheme", { origin: "https://localhost:3000" }, "foreign_origin"],
  ["our host on another port", { origin: "http://localhost:3001" }, "foreign_origin"],
  ["a foreign Origin, Sec-Fetch-Site same-origin", { origin: "https://evil.example", "sec-fetch-site": "same-origin" }, "foreign_origin"],
  ["Origin null (sandboxed frame, cross-origin redirect)", { origin: "null" }, "opaque_origin"],
  ["Sec-Fetch-Site cross-site, no Origin", { "sec-fetch-site": "cross-site" }, "cross_site_fetch"],
  ["Sec-Fetch-Site same-site, no Origin", { "sec-fetch-site": "same-site" }, "cross_site_fetch"],
  ["our Origin beside Sec-Fetch-Site cross-site (a forged header)", { origin: OWN, "sec-fetch-site": "cross-site" }, "cross_site_fetch"],
];

describe("crossSiteRefusal: header combinations × methods × cookie", () => {
  const cases = HEADERS.flatMap(([label, headers, verdict]) =>
    METHODS.flatMap((method) =>
      [true, false].map((cookie) => ({
        name: `${method} with ${label}, ${cookie ? "with" : "without"} the session cookie → ${cookie && STATE_CHANGING.has(method) && verdict ? `refused (${verdict})` : "allowed"}`,
        method,
        headers,
        cookie,
        expected: cookie && STATE_CHANGING.has(method) ? verdict : null,
      })),
    ),
  );
  it.each(cases)("$name", ({ method, headers, cookie, expected }) => {
    const request = { method, headers: new Headers(headers) };
    expect(crossSiteRefusal(request, [OWN], cookie)).toBe(expected);
    expect(isCrossSiteStateChange(request, [OWN], cookie)).toBe(expected !== null);
  });
});

describe("the gate (proxy.ts): refusals by path", () => {
  let proxy: (request: NextRequest) => Promise<Response>;
  beforeAll(async () => {
    await useTestEnv({
      APP_URL: OWN,
      ADMIN_PATH,
      RATE_LIMIT_API_REQUESTS: "1000000",
      RATE_LIMIT_AUTH_REQUESTS: "1000000",
      RATE_LIMIT_SIGN_IN_REQUESTS: "1000000",
      RATE_LIMIT_SIGN_UP_REQUESTS: "1000000",
      RATE_LIMIT_RESET_REQUESTS: "1000000",
    });
    ({ proxy } = await import("@/proxy"));
  }, 120_000);

  // Where a cookie-carrying form or fetch could land: a page's server action, a dashboard
  // route, the public API, next-auth, Stripe's webhook, and the operator console (checked
  // even without a cookie: no login CSRF against staff).
  const PATHS: [path: string, api: boolean, alwaysChecked: boolean][] = [
    ["/account", false, false],
    ["/demo/knowledge/upload", false, false],
    ["/api/v1/webhook-endpoints", true, false],
    ["/api/auth/callback/credentials", true, false],
    ["/api/webhooks/stripe", true, false],
    [`${ADMIN_PATH}/sign-in`, false, true],
  ];
  const GATE_HEADERS = HEADERS.filter(([label]) =>
    ["neither Origin nor Sec-Fetch-Site", "our Origin", "Sec-Fetch-Site same-origin, no Origin", "a foreign Origin", "Sec-Fetch-Site cross-site, no Origin"].includes(label),
  );
  const cases = PATHS.flatMap(([path, api, alwaysChecked]) =>
    GATE_HEADERS.flatMap(([label, headers, verdict]) =>
      (["POST", "DELETE", "GET"] as const).flatMap((method) =>
        [true, false].map((cookie) => {
          const refused = (cookie || alwaysChecked) && STATE_CHANGING.has(method) && verdict !== null;
          return {
            name: `${method} ${path} with ${label}, ${cookie ? "with" : "without"} the session cookie → ${refused ? (api ? "403 envelope" : "403 page") : "not refused"}`,
            path,
            api,
            method,
            headers,
            cookie,
            refused,
          };
        }),
      ),
    ),
  );

  it.each(cases)("$name", async ({ path, api, method, headers, cookie, refused }) => {
    recorded.length = 0;
    // A browser's Accept for a form post: the page elsewhere, still the envelope under /api.
    const request = new NextRequest(`${OWN}${path}`, {
      method,
      headers: { ...headers, accept: "text/html,application/xhtml+xml,*/*;q=0.8", ...(cookie ? { cookie: "sb.session=any-value" } : {}) },
      ...(method === "POST" ? { body: "a=1" } : {}),
    });
    const response = await proxy(request);
    const csrfEvents = recorded.filter((e) => e.type === "csrf_rejected");
    if (!refused) {
      expect(response.status).not.toBe(403);
      expect(csrfEvents).toEqual([]);
      return;
    }
    expect(response.status).toBe(403);
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
    expect(csrfEvents).toHaveLength(1);
    expect(csrfEvents[0]?.details).toMatchObject({ path });
    if (api) {
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(await response.json()).toMatchObject({ error: { code: "CSRF_REJECTED", request_id: response.headers.get("x-request-id") } });
    } else {
      expect(response.headers.get("content-type")).toContain("text/html");
      const html = await response.text();
      expect(html).toContain("<h1>Request refused</h1>");
      expect(html).toContain(response.headers.get("x-request-id"));
    }
  });

  it("says which headers were missing when neither was sent", async () => {
    const response = await proxy(new NextRequest(`${OWN}/api/v1/webhook-endpoints`, { method: "POST", headers: { cookie: "sb.session=x", accept: "application/json" }, body: "{}" }));
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/neither the Origin nor the Sec-Fetch-Site header/);
    expect(recorded.at(-1)?.details).toMatchObject({ reason: "no_origin_headers" });
  });
});
