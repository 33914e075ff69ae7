import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { expect, test, type Page } from "@playwright/test";
import { pathVariants } from "../test/unit/path-variants";
import { DEMO_PASSWORD } from "./support/auth";
import { E2E_ADMIN_PATH, LIMITS_API_LIMIT, LIMITS_PORT, LIMITS_URL, STRICT_PORT } from "./support/servers";

/**
 * Limits are decided on the path Next routes on, and bound to actions, not URLs (SPEC §1;
 * issue 16 items 1 and 6). Over real HTTP, with every spelling of each limited path
 * (test/unit/path-variants.ts) sent as is: a raw client, because fetch and Playwright
 * resolve dot segments and would never send `/./` or `%2e`. Each check speaks from a
 * loopback address of its own (127.0.16.x and up; the server limits by socket address), so
 * its buckets start empty and no other spec's are touched.
 *
 * Instances: strict (the SPEC's sign-in limit, 5 per IP per 15 min, and a high /api limit)
 * for the credentials callback; limits (LIMITS_API_LIMIT /api requests per IP, the SPEC's
 * other limits) for /api and the server actions.
 */
interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Send {
  method: string;
  path: string;
  from: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

function sendOnce(port: number, { method, path, from, headers = {}, body }: Send): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const length = body === undefined ? {} : { "content-length": String(Buffer.byteLength(body)) };
    const req = httpRequest({ host: "127.0.0.1", port, method, path, localAddress: from, headers: { connection: "close", ...length, ...headers } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path}: no answer`)));
    req.end(body);
  });
}

/** Sends as a client would: a 307/308 (Next's answer to `\`) is followed with the same method and body. */
async function send(port: number, request: Send): Promise<Reply> {
  let current = request;
  for (let hop = 0; ; hop++) {
    const reply = await sendOnce(port, current);
    const location = reply.headers.location;
    if ((reply.status !== 307 && reply.status !== 308) || !location || hop === 3) return reply;
    const next = new URL(location, `http://127.0.0.1:${port}`);
    current = { ...current, path: `${next.pathname}${next.search}` };
  }
}

let lastAddress = 0;
/** A loopback client address no other check has used. */
function freshAddress(): string {
  lastAddress++;
  return `127.0.${16 + Math.floor(lastAddress / 250)}.${1 + (lastAddress % 250)}`;
}

const setCookies = (reply: Reply) => reply.headers["set-cookie"] ?? [];
const signedIn = (reply: Reply) => setCookies(reply).some((c) => /sb\.session=[^;]/.test(c));
/** The gate's and the guard's refusal of a spelling that is no route, or cannot be read. */
const isRefusal = (reply: Reply) => reply.status === 400 || reply.status === 404;

const STRICT_ORIGIN = `https://127.0.0.1:${STRICT_PORT}`;
/** The SPEC's sign-in limit per IP (strict and limits instances). */
const SIGN_IN_LIMIT = 5;
const CREDENTIALS = "/api/auth/callback/credentials";
const ADMIN = E2E_ADMIN_PATH;

/** One credentials POST through `path`, with a CSRF token of its own, from `from` (strict instance). */
async function credentialsPost(from: string, path: string, email: string, password: string): Promise<Reply> {
  const csrf = await send(STRICT_PORT, { method: "GET", path: "/api/auth/csrf", from });
  expect(csrf.status).toBe(200);
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  // The cookie is Secure (https settings); sent by hand over this http test link.
  const cookie = setCookies(csrf).map((c) => c.split(";")[0]).join("; ");
  return send(STRICT_PORT, {
    method: "POST",
    path,
    from,
    headers: { origin: STRICT_ORIGIN, cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: "/" }).toString(),
  });
}

let failures = 0;
/** A failed sign-in (an address of its own, so no account lockout answers instead). */
const wrong = (from: string, path: string) => credentialsPost(from, path, `nobody-${failures++}@demo.test`, "not the password at all");

test.describe.serial("limits decided on the routed path", () => {
  const variants = pathVariants(CREDENTIALS);

  test("every spelling of the credentials callback counts in the one sign-in bucket, or is refused", async () => {
    test.setTimeout(300_000);
    const same = variants.filter((v) => v.kind === "same");
    let counted = 0;
    for (let start = 0; start < same.length; start += SIGN_IN_LIMIT) {
      const from = freshAddress();
      let used = 0;
      for (const variant of same.slice(start, start + SIGN_IN_LIMIT)) {
        const reply = await wrong(from, variant.path);
        const label = `${variant.path} (${variant.how}) → ${reply.status}`;
        if (isRefusal(reply)) continue; // the guard's 404 for /api paths with `//` or a trailing slash
        // Reached next-auth as a failed sign-in: that is a count.
        expect(reply.status, label).toBe(302);
        expect(reply.headers.location, label).toContain("error=");
        used++;
      }
      counted += used;
      for (; used < SIGN_IN_LIMIT; used++) expect((await wrong(from, CREDENTIALS)).status).toBe(302);
      // The right password, from an address over the limit: refused, whatever the spelling was.
      const over = await credentialsPost(from, CREDENTIALS, "owner@demo.test", DEMO_PASSWORD);
      expect(over.status, `after ${same.slice(start, start + SIGN_IN_LIMIT).map((v) => v.how).join(", ")}`).toBe(429);
      expect(JSON.parse(over.body).error.message).toMatch(/Too many sign-in attempts/);
      expect(signedIn(over)).toBe(false);
    }
    expect(counted).toBeGreaterThan(same.length / 2);
  });

  test("from an address over the limit, no spelling signs in with the right password", async () => {
    test.setTimeout(300_000);
    // The coarse cap (30 authentication POSTs a minute) must not be what answers: a few
    // spellings per address, so every 429 below is the sign-in limit's.
    const perAddress = 15;
    const sameOrRefused = variants.filter((v) => v.kind !== "other");
    for (let start = 0; start < sameOrRefused.length; start += perAddress) {
      const from = freshAddress();
      for (let i = 0; i < SIGN_IN_LIMIT; i++) expect((await wrong(from, CREDENTIALS)).status).toBe(302);
      for (const variant of sameOrRefused.slice(start, start + perAddress)) {
        const reply = await credentialsPost(from, variant.path, "owner@demo.test", DEMO_PASSWORD);
        const label = `${variant.path} (${variant.how}) → ${reply.status}`;
        expect(signedIn(reply), label).toBe(false);
        if (variant.kind === "refused") {
          expect(reply.status, label).toBe(400);
          expect(JSON.parse(reply.body).error.code).toBe("VALIDATION_FAILED");
        } else if (!isRefusal(reply)) {
          expect(reply.status, label).toBe(429);
          expect(JSON.parse(reply.body).error.message, label).toMatch(/Too many sign-in attempts/);
        }
      }
    }
  });

  test("a spelling Next routes elsewhere (other case, double encoding) is no sign-in at all", async () => {
    test.setTimeout(300_000);
    const other = variants.filter((v) => v.kind === "other");
    expect(other.length).toBeGreaterThan(20);
    for (let start = 0; start < other.length; start += 10) {
      const from = freshAddress();
      for (const variant of other.slice(start, start + 10)) {
        const reply = await credentialsPost(from, variant.path, "owner@demo.test", DEMO_PASSWORD);
        const label = `${variant.path} (${variant.how}) → ${reply.status}`;
        expect(signedIn(reply), label).toBe(false);
        expect(reply.status, label).not.toBe(429);
      }
      // …while the canonical path, from the same address, signs in: the password was right.
      expect(signedIn(await credentialsPost(from, CREDENTIALS, "owner@demo.test", DEMO_PASSWORD))).toBe(true);
    }
  });

  test("every spelling of an /api path counts in the one /api bucket, or is refused", async () => {
    const same = pathVariants("/api/health").filter((v) => v.kind === "same");
    expect(same.length).toBeGreaterThan(20);
    for (let start = 0; start < same.length; start += LIMITS_API_LIMIT) {
      const from = freshAddress();
      let used = 0;
      for (const variant of same.slice(start, start + LIMITS_API_LIMIT)) {
        const reply = await send(LIMITS_PORT, { method: "GET", path: variant.path, from });
        if (isRefusal(reply)) continue;
        expect(reply.status, `${variant.path} (${variant.how})`).toBe(200);
        expect(JSON.parse(reply.body)).toMatchObject({ status: expect.any(String) });
        used++;
      }
      for (; used < LIMITS_API_LIMIT; used++) expect((await send(LIMITS_PORT, { method: "GET", path: "/api/health", from })).status).toBe(200);
      const over = await send(LIMITS_PORT, { method: "GET", path: "/api/health", from });
      expect(over.status, `after ${same.slice(start, start + LIMITS_API_LIMIT).map((v) => v.how).join(", ")}`).toBe(429);
      expect(JSON.parse(over.body).error.code).toBe("RATE_LIMITED");
    }
  });
});

/** A server action as the browser posted it: its id and body, to be replayed elsewhere. */
interface CapturedAction {
  headers: Record<string, string>;
  body: string;
}

/** Submits a form on `url` (limits instance) and captures the server action it posts. */
async function captureAction(page: Page, url: string, fill: (page: Page) => Promise<void>, button: string): Promise<CapturedAction> {
  await page.goto(url);
  await fill(page);
  const posted = page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]);
  await page.getByRole("button", { name: button, exact: true }).click();
  const request = await posted;
  const headers = request.headers();
  const body = request.postDataBuffer()?.toString("utf8") ?? "";
  expect(headers["next-action"]).toMatch(/^[0-9a-f]{20,}$/);
  return {
    headers: {
      "next-action": headers["next-action"]!,
      "content-type": headers["content-type"]!,
      accept: "text/x-component",
      origin: LIMITS_URL,
    },
    body,
  };
}

const TYPED_OPERATOR = "replayed-operator@demo.test";

/** The console's sign-in action, captured from its form on the limits instance (one build: the same id on every instance). */
async function captureStaffSignIn(page: Page): Promise<CapturedAction> {
  const action = await captureAction(
    page,
    `${LIMITS_URL}${ADMIN}/sign-in`,
    async (p) => {
      await p.getByLabel("Email").fill(TYPED_OPERATOR);
      await p.getByLabel("Password").fill("not the password at all");
      await p.getByLabel("Authentication code").fill("000000");
    },
    "Sign in",
  );
  expect(action.body).toContain(TYPED_OPERATOR);
  return action;
}

const INCORRECT = "Incorrect email, password or authentication code.";
const SIGN_IN_LIMITED = /Too many sign-in attempts from your network\. Try again in \d+ (seconds|minutes)\./;

test.describe.serial("limits bound to the action, wherever it is posted", () => {
  test("the console's sign-in action posted to other console paths is held to the per-IP sign-in limit", async ({ page }) => {
    const action = await captureStaffSignIn(page);
    // Every console page but the sign-in's own, some spelled oddly.
    const foreign = [
      ADMIN,
      `${ADMIN}/lockouts`,
      `${ADMIN}/workspaces/00000000-0000-4000-8000-000000000000`,
      `${ADMIN}/audit`,
      `${ADMIN}/security-events`,
      `${ADMIN}/l%6Fckouts`,
      `${ADMIN}/./audit`,
    ];
    let replay = 0;
    const post = (from: string, path: string) =>
      // A different address each time, so the per-account lockout is not what answers.
      send(LIMITS_PORT, { method: "POST", path, from, headers: action.headers, body: action.body.replace(TYPED_OPERATOR, `replay-${replay++}@demo.test`) });

    for (const [start, over] of foreign.map((path, i) => [i, path] as const)) {
      const from = freshAddress();
      for (let i = 0; i < SIGN_IN_LIMIT; i++) {
        const path = foreign[(start + i + 1) % foreign.length]!;
        const reply = await post(from, path);
        expect(reply.status, path).toBe(200);
        // The action ran there: the staff sign-in's own answer.
        expect(reply.body, path).toContain(INCORRECT);
      }
      const limited = await post(from, over);
      expect(limited.status, over).toBe(200);
      expect(limited.body, over).toMatch(SIGN_IN_LIMITED);
      expect(limited.body, over).not.toContain(INCORRECT);
    }
  });

  test("the console's sign-in shares the members' per-IP sign-in bucket, both ways round", async ({ page }) => {
    const action = await captureStaffSignIn(page);
    let replay = 0;
    // On the strict instance, whose own origin is https.
    const staffPost = (from: string) =>
      send(STRICT_PORT, {
        method: "POST",
        path: `${ADMIN}/lockouts`,
        from,
        headers: { ...action.headers, origin: STRICT_ORIGIN },
        body: action.body.replace(TYPED_OPERATOR, `shared-${replay++}@demo.test`),
      });

    const membersFirst = freshAddress();
    for (let i = 0; i < SIGN_IN_LIMIT; i++) expect((await wrong(membersFirst, CREDENTIALS)).status).toBe(302);
    expect((await staffPost(membersFirst)).body).toMatch(SIGN_IN_LIMITED);

    const staffFirst = freshAddress();
    for (let i = 0; i < SIGN_IN_LIMIT; i++) expect((await staffPost(staffFirst)).body).toContain(INCORRECT);
    const member = await credentialsPost(staffFirst, CREDENTIALS, "owner@demo.test", DEMO_PASSWORD);
    expect(member.status).toBe(429);
    expect(signedIn(member)).toBe(false);
  });

  test("the members' password-reset action is held to the per-IP cap by the action, not by its page's URL", async ({ page }) => {
    const typed = "replayed-member@demo.test";
    const action = await captureAction(page, `${LIMITS_URL}/forgot-password`, (p) => p.getByLabel("Email").fill(typed), "Send reset link");
    // The limits instance keeps the SPEC's cap on authentication requests: 30 a minute per IP.
    const AUTH_LIMIT = 30;
    const from = freshAddress();
    let replay = 0;
    const post = (path: string) =>
      send(LIMITS_PORT, { method: "POST", path, from, headers: action.headers, body: action.body.replace(typed, `reset-${replay++}@demo.test`) });
    // Sent together, so all of them fall in one window however slow the machine (each reset
    // answers at a fixed deadline, and 30 in a row on a loaded machine can outlast the minute).
    const replies = await Promise.all(Array.from({ length: AUTH_LIMIT }, (_, i) => post(i % 2 ? "/forgot-password" : "/forgot-p%61ssword")));
    for (const reply of replies) expect(reply.body).toContain("If an account exists for that address");
    const limited = await post("/forgot-password");
    expect(limited.body).toMatch(/Too many attempts from your network\. Try again in \d+ seconds\./);
  });
});
