import { NextRequest } from "next/server";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/core/errors";
import { PEER_HEADER } from "@/lib/security/client-ip";
import { CREDENTIALS_CALLBACK, gatePolicies, PASSKEY_SIGN_IN_OPTIONS } from "@/lib/security/rate-limit/gate-policies";
import { checkRateLimit } from "@/lib/security/rate-limit/limiter";
import { policies, type PolicyName } from "@/lib/security/rate-limit/policies";
import { routedPath } from "@/lib/security/routed-path";
import { useTestEnv } from "../support/env";
import { pathVariants } from "./path-variants";

// Blocks are security events; this file has no database, so they are captured instead.
const recorded = vi.hoisted(() => [] as { type: string; ip?: string | null; details?: Record<string, unknown> }[]);
vi.mock("@/lib/audit/security-events", () => ({
  recordSecurityEvent: async (event: (typeof recorded)[number]) => void recorded.push(event),
  recordSecurityEventCoalesced: async (_key: string, event: (typeof recorded)[number]) => void recorded.push(event),
}));

const { proxy } = await import("@/proxy");

const ADMIN_PATH = "/ops-unit-test-console-path-7c1d";
const SIGN_IN_LIMIT = 3;
const API_LIMIT = 4;

/**
 * Where each rate-limit policy (lib/security/rate-limit/policies.ts) is counted. The gate's
 * are listed with a path that names them; a new policy must be added here, with its paths,
 * before this file passes.
 */
const GATE_LIMITED: Record<string, { method: string; path: string; policies: PolicyName[] }[]> = {
  api: [
    { method: "GET", path: "/api/health", policies: ["api"] },
    { method: "GET", path: "/api/v1/calls", policies: ["api"] },
  ],
  auth: [
    { method: "POST", path: "/api/auth/signout", policies: ["api", "auth"] },
    { method: "POST", path: PASSKEY_SIGN_IN_OPTIONS, policies: ["api", "auth"] },
  ],
  signIn: [{ method: "POST", path: CREDENTIALS_CALLBACK, policies: ["api", "auth", "signIn"] }],
};
/** Policies not decided by URL, and who counts them instead. */
const NOT_BY_URL: Record<string, string> = {
  apiKey: "per API key, by lib/entry/api-route.ts",
  signUp: "per IP, by the sign-up action",
  passwordReset: "per address, by lib/auth/password-reset.ts",
  verificationResend: "per address, by lib/auth/sign-up.ts (the verification link sent again)",
  leakedKeyReports: "per IP, by lib/api-keys/leak-reports/report.ts (the reporter's route)",
  widgetSessionIp: "per visitor IP, by lib/widget/start-session.ts (a session start's checks)",
  widgetSession: "per widget, by lib/widget/start-session.ts",
  widgetMessages: "per widget session, by the conversation's message route",
  widgetAbuse: "per IP and workspace, by lib/widget's automatic blocklist (refusals counted)",
};

beforeAll(async () => {
  await useTestEnv({
    ADMIN_PATH,
    RATE_LIMIT_SIGN_IN_REQUESTS: String(SIGN_IN_LIMIT),
    RATE_LIMIT_API_REQUESTS: String(API_LIMIT),
    RATE_LIMIT_AUTH_REQUESTS: "1000000",
  });
});
beforeEach(() => void (recorded.length = 0));

function refusalOf(path: string): AppError {
  try {
    routedPath(path);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`${path} was not refused`);
}

describe("routedPath", () => {
  it("decodes unreserved characters, upper-cases other escapes, and drops empty and dot segments", () => {
    expect(routedPath("/api/auth/callback/%63redentials")).toBe(CREDENTIALS_CALLBACK);
    expect(routedPath("/%61%70%69/%7Euser/%2d%5f%2E")).toBe("/api/~user/-_.");
    expect(routedPath("/caf%c3%a9/a%3ab%40")).toBe("/caf%C3%A9/a%3Ab%40");
    expect(routedPath("//api///auth/./x/../callback//credentials/")).toBe(CREDENTIALS_CALLBACK);
    expect(routedPath("/api\\auth")).toBe("/api/auth");
    expect(routedPath("/../..")).toBe("/");
    expect(routedPath("/")).toBe("/");
    expect(routedPath(new URL("http://localhost/api/h%65alth/"))).toBe("/api/health");
  });

  it("keeps case: Next's routes and next-auth's provider ids are case-sensitive", () => {
    expect(routedPath("/API/Auth/callback/CREDENTIALS")).toBe("/API/Auth/callback/CREDENTIALS");
    expect(routedPath("/api/auth/callback/%43redentials")).toBe("/api/auth/callback/Credentials");
  });

  it("decodes once: a double-encoded character stays an escape of '%'", () => {
    expect(routedPath("/api/auth/callback/%2563redentials")).toBe("/api/auth/callback/%2563redentials");
    expect(routedPath("/api/auth%252Fcallback")).toBe("/api/auth%252Fcallback");
  });

  it("refuses, as VALIDATION_FAILED on the field path, what cannot be normalised", () => {
    for (const path of ["/api/%", "/api/%zz", "/api/%2", "/api/auth%2Fcallback", "/api/auth%2fcallback", "/api%5Cauth", "/a%C0%AF", "/%FF", "relative"]) {
      const error = refusalOf(path);
      expect(error.code, path).toBe("VALIDATION_FAILED");
      expect(error.status).toBe(400);
      expect(error.options.details).toEqual([{ field: "path", issue: expect.any(String) }]);
    }
  });
});

describe("the gate's policies, by routed path", () => {
  it("every policy is either the gate's, with the paths it limits, or counted elsewhere", () => {
    const classified = new Set([...Object.keys(GATE_LIMITED), ...Object.keys(NOT_BY_URL)]);
    expect([...classified].sort()).toEqual(Object.keys(policies()).sort());
    for (const [policy, paths] of Object.entries(GATE_LIMITED)) {
      for (const { method, path, policies: expected } of paths) {
        expect(expected, `${path} names ${policy}`).toContain(policy);
        expect(gatePolicies(method, path), `${method} ${path}`).toEqual(expected);
      }
    }
  });

  for (const [policy, paths] of Object.entries(GATE_LIMITED)) {
    for (const { method, path, policies: expected } of paths) {
      it(`${policy}: every spelling of ${method} ${path} is counted as it, routed elsewhere, or refused`, () => {
        const variants = pathVariants(path);
        expect(variants.filter((v) => v.kind === "same").length).toBeGreaterThan(20);
        for (const variant of variants) {
          const label = `${variant.path} (${variant.how})`;
          if (variant.kind === "refused") {
            expect(refusalOf(variant.path).code, label).toBe("VALIDATION_FAILED");
            continue;
          }
          const routed = routedPath(variant.path);
          if (variant.kind === "same") {
            expect(routed, label).toBe(path);
            expect(gatePolicies(method, routed), label).toEqual(expected);
          } else {
            // Another route to Next (and to next-auth): not the limited one.
            expect(routed, label).not.toBe(path);
          }
        }
      });
    }
  }

  it("next-auth's credentials sign-in with segments after the provider is still the sign-in", () => {
    for (const path of [`${CREDENTIALS_CALLBACK}/x`, `${CREDENTIALS_CALLBACK}/x/y`, `/api/auth/%63allback/credentials/x`]) {
      expect(gatePolicies("POST", routedPath(path)), path).toEqual(["api", "auth", "signIn"]);
    }
    // Only POST signs in; the provider id is compared exactly.
    expect(gatePolicies("GET", CREDENTIALS_CALLBACK)).toEqual(["api"]);
    expect(gatePolicies("POST", "/api/auth/callback/credentialsx")).toEqual(["api", "auth"]);
  });

  it("limits nothing by the URL a server action is posted to: the actions count their own", () => {
    for (const path of ["/sign-in", "/sign-up", "/forgot-password", "/reset-password", "/", `${ADMIN_PATH}/sign-in`, `${ADMIN_PATH}/lockouts`]) {
      expect(gatePolicies("POST", path), path).toEqual([]);
    }
  });
});

let nextIp = 1;
/** A client address of its own, so each check starts with empty buckets. */
const freshIp = () => `198.51.100.${nextIp++}`;

function gateRequest(path: string, method: string, ip: string, headers: Record<string, string> = {}): NextRequest {
  return new NextRequest(`http://localhost:3000${path}`, { method, headers: { [PEER_HEADER]: ip, ...headers } });
}

describe("the gate (proxy.ts) decides on the routed path", () => {
  const credentials = pathVariants(CREDENTIALS_CALLBACK).filter((v) => v.kind === "same");

  it("every spelling of the credentials callback meets the one sign-in bucket", async () => {
    for (const variant of credentials) {
      const ip = freshIp();
      // The gate only looks at the allowance (failures are counted where the password is checked).
      expect((await proxy(gateRequest(variant.path, "POST", ip))).status, variant.how).toBe(200);
      for (let i = 0; i < SIGN_IN_LIMIT; i++) await checkRateLimit("signIn", ip);
      const over = await proxy(gateRequest(variant.path, "POST", ip));
      expect(over.status, variant.how).toBe(429);
      expect(over.headers.get("retry-after")).toMatch(/^\d+$/);
      expect((await over.json()).error.message).toMatch(/Too many sign-in attempts/);
    }
    expect(recorded.some((e) => e.type === "rate_limited" && e.details?.policy === "signIn" && e.details?.path === CREDENTIALS_CALLBACK)).toBe(true);
  });

  it("an odd spelling is routed as the path decided on; one that cannot be normalised is a 400 envelope", async () => {
    const rewritten = await proxy(gateRequest("/api/auth/callback/%63redentials", "POST", freshIp()));
    expect(new URL(rewritten.headers.get("x-middleware-rewrite")!).pathname).toBe(CREDENTIALS_CALLBACK);
    const plain = await proxy(gateRequest(CREDENTIALS_CALLBACK, "POST", freshIp()));
    expect(plain.headers.get("x-middleware-next")).toBe("1");
    expect(plain.headers.get("x-middleware-rewrite")).toBeNull();

    for (const path of ["/api/auth/callback%2Fcredentials", "/sign-in%", "/%C0%AF"]) {
      const refused = await proxy(gateRequest(path, "POST", freshIp()));
      expect(refused.status, path).toBe(400);
      const body = await refused.json();
      expect(body.error).toMatchObject({ code: "VALIDATION_FAILED", details: [{ field: "path", issue: expect.any(String) }] });
      expect(refused.headers.get("x-request-id")).toBe(body.error.request_id);
      expect(refused.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("the /api limit, the method table, the console rewrite and its cross-site rule all see through spellings", async () => {
    const ip = freshIp();
    for (const path of ["/%61pi/health", "/api/h%65alth", "/api/./health", "/api/x/../health"]) {
      expect((await proxy(gateRequest(path, "GET", ip))).status, path).toBe(200);
    }
    expect((await proxy(gateRequest("/api/health", "GET", ip))).status).toBe(429);

    const deleted = await proxy(gateRequest("/%61pi/h%65alth", "DELETE", freshIp()));
    expect(deleted.status).toBe(405);
    expect(deleted.headers.get("allow")).toBe("GET, HEAD");

    const consoleSignIn = "/o%70s-unit-test-console-path-7c1d/./sign-%69n";
    expect(routedPath(consoleSignIn)).toBe(`${ADMIN_PATH}/sign-in`);
    const page = await proxy(gateRequest(consoleSignIn, "GET", freshIp()));
    expect(new URL(page.headers.get("x-middleware-rewrite")!).pathname).toBe("/operator-console/sign-in");
    expect(page.headers.get("cache-control")).toBe("no-store");

    const crossSite = await proxy(gateRequest(consoleSignIn, "POST", freshIp(), { origin: "https://evil.example" }));
    expect(crossSite.status).toBe(403);
    expect((await crossSite.json()).error.code).toBe("CSRF_REJECTED");
  });
});
