import { NextRequest } from "next/server";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { FormState } from "@/lib/forms/form-state";
import { PEER_HEADER } from "@/lib/security/client-ip";
import { CREDENTIALS_CALLBACK } from "@/lib/security/rate-limit/gate-policies";
import { useTestEnv } from "../support/env";

/**
 * Limits attach to the action, not to the URL it was posted to (issue 16, item 6): Next runs
 * a server action at any URL it is posted to (by its id), so the per-IP limits of the
 * console's sign-in and of the members' public actions are counted by their entry wrappers
 * (lib/entry/staff.ts consolePublicAction, lib/entry/action.ts publicAction), in the same
 * buckets as the gate's. No database here: blocks (security events) are captured, and the
 * console's marker check is Next's request scope, stood in for.
 */
const recorded = vi.hoisted(() => [] as { type: string; ip?: string | null; details?: Record<string, unknown> }[]);
vi.mock("@/lib/audit/security-events", () => ({
  recordSecurityEvent: async (event: (typeof recorded)[number]) => void recorded.push(event),
  recordSecurityEventCoalesced: async (_key: string, event: (typeof recorded)[number]) => void recorded.push(event),
}));
const consoleRequests = vi.hoisted(() => ({ marked: true }));
vi.mock("@/lib/operator/session", () => ({
  assertConsoleRequest: async () => {
    if (!consoleRequests.marked) throw new Error("NEXT_NOT_FOUND");
  },
}));

const { withRequestFacts } = await import("@/lib/entry/facts");
const { consolePublicAction } = await import("@/lib/entry/staff");
const { publicAction } = await import("@/lib/entry/action");
const { proxy } = await import("@/proxy");

const SIGN_IN_LIMIT = 3;
const AUTH_LIMIT = 5;

beforeAll(async () => {
  await useTestEnv({
    ADMIN_PATH: "/ops-unit-test-console-path-7c1d",
    RATE_LIMIT_SIGN_IN_REQUESTS: String(SIGN_IN_LIMIT),
    RATE_LIMIT_AUTH_REQUESTS: String(AUTH_LIMIT),
    RATE_LIMIT_API_REQUESTS: "1000000",
  });
});
beforeEach(() => {
  recorded.length = 0;
  consoleRequests.marked = true;
});

let nextIp = 1;
const freshIp = () => `203.0.113.${nextIp++}`;

/** Runs `fn` as a request from `ip` would, through the entry layer's request facts. */
function from<T>(ip: string, fn: () => Promise<T>): Promise<T> {
  return withRequestFacts(
    { session: async () => null, cookie: async () => undefined, header: async () => null, meta: async () => ({ ip, userAgent: "test", requestId: null }) },
    fn,
  );
}

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

describe("the console's sign-in action (consolePublicAction)", () => {
  let attempts = 0;
  const signIn = consolePublicAction(
    async (_meta, _prev: FormState, _form: FormData): Promise<FormState> => {
      attempts++;
      return { error: "Incorrect email, password or authentication code." };
    },
    { values: (f) => ({ email: String(f.get("email")) }) },
  );
  const post = (ip: string, email = "op@example.com") => from(ip, () => signIn({}, form({ email, password: "secret password", code: "123456" })));

  it("counts every attempt per IP, wherever posted, and refuses the one over the sign-in limit without running it", async () => {
    const ip = freshIp();
    attempts = 0;
    for (let i = 0; i < SIGN_IN_LIMIT; i++) expect((await post(ip, `op${i}@example.com`)).error).toMatch(/Incorrect/);
    const refused = await post(ip, "typed@example.com");
    expect(refused.error).toMatch(/^Too many sign-in attempts from your network\. Try again in \d+ (seconds|minutes)\.$/);
    // The typed address is kept; the password and code are not.
    expect(refused.values).toEqual({ email: "typed@example.com" });
    expect(attempts).toBe(SIGN_IN_LIMIT);
    expect(recorded).toContainEqual({ type: "rate_limited", ip, details: { policy: "signIn", entry: "staff_sign_in" } });
    // Another address is not held back.
    expect((await post(freshIp())).error).toMatch(/Incorrect/);
  });

  it("shares the members' sign-in bucket: its attempts fill it and the gate then refuses credentials POSTs; the gate itself only looks", async () => {
    const ip = freshIp();
    const credentialsPost = (from: string) => proxy(new NextRequest(`http://localhost:3000${CREDENTIALS_CALLBACK}`, { method: "POST", headers: { [PEER_HEADER]: from } }));
    for (let i = 0; i < SIGN_IN_LIMIT; i++) expect((await post(ip)).error).toMatch(/Incorrect/);
    expect((await post(ip)).error).toMatch(/Too many sign-in attempts/);
    expect((await credentialsPost(ip)).status).toBe(429);
    // The gate checks the failure allowance without spending it (SPEC §1: failures count).
    const other = freshIp();
    for (let i = 0; i < SIGN_IN_LIMIT + 1; i++) expect((await credentialsPost(other)).status).toBe(200);
    expect((await post(other)).error).toMatch(/Incorrect/);
  });

  it("answers nothing off the console: the marker is checked before anything is counted", async () => {
    const ip = freshIp();
    consoleRequests.marked = false;
    for (let i = 0; i < SIGN_IN_LIMIT + 1; i++) await expect(post(ip)).rejects.toThrow("NEXT_NOT_FOUND");
    consoleRequests.marked = true;
    expect((await post(ip)).error).toMatch(/Incorrect/);
  });
});

describe("the members' public actions (publicAction)", () => {
  let runs = 0;
  const requestReset = publicAction(
    async (_prev: FormState, _form: FormData): Promise<FormState> => {
      runs++;
      return { ok: true, message: "If an account exists for that address, we have sent it a link." };
    },
    { values: (f) => ({ email: String(f.get("email")) }) },
  );

  it("count the per-IP cap on authentication requests themselves, and refuse over it with the typed values", async () => {
    const ip = freshIp();
    runs = 0;
    for (let i = 0; i < AUTH_LIMIT; i++) expect((await from(ip, () => requestReset({}, form({ email: `a${i}@example.com` })))).ok).toBe(true);
    const refused = await from(ip, () => requestReset({}, form({ email: "kept@example.com" })));
    expect(refused).toMatchObject({ error: expect.stringMatching(/^Too many attempts from your network\. Try again in \d+ seconds\.$/), values: { email: "kept@example.com" } });
    expect(runs).toBe(AUTH_LIMIT);
    expect(recorded).toContainEqual({ type: "rate_limited", ip, details: { policy: "auth", entry: "public_action" } });
  });

  it("share the bucket of next-auth's endpoints, and the gate no longer counts the pages they were written for", async () => {
    const ip = freshIp();
    const gate = (path: string) => proxy(new NextRequest(`http://localhost:3000${path}`, { method: "POST", headers: { [PEER_HEADER]: ip } }));
    // Page POSTs (where the forms live) cost nothing at the gate: the action counts itself once.
    for (const path of ["/sign-up", "/forgot-password", "/reset-password", "/sign-in", "/sign-up", "/forgot-password"]) expect((await gate(path)).status, path).toBe(200);
    for (let i = 0; i < AUTH_LIMIT - 1; i++) expect((await gate("/api/auth/signout")).status).toBe(200);
    expect((await from(ip, () => requestReset({}, form({ email: "x@example.com" })))).ok).toBe(true);
    expect((await from(ip, () => requestReset({}, form({ email: "y@example.com" })))).error).toMatch(/Too many attempts/);
    expect((await gate("/api/auth/signout")).status).toBe(429);
  });

  it("an action that says why it must never be limited is not counted", async () => {
    const ip = freshIp();
    const signOut = publicAction(async (): Promise<void> => undefined, { unthrottled: "signing out must always work" });
    for (let i = 0; i < AUTH_LIMIT + 2; i++) await from(ip, () => signOut());
    expect((await from(ip, () => requestReset({}, form({ email: "z@example.com" })))).ok).toBe(true);
  });
});
