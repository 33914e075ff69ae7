import { existsSync, readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { signInViaApi, verificationLink } from "./support/auth";
import { MAIN_PORT, MAIN_URL, STRICT_PORT, STRICT_URL } from "./support/servers";

/**
 * Issue 16 item 5 (decision 027). A server action posted to a page that does not own it is
 * forwarded by Next to the page that does, over loopback with the original headers; the app
 * used to see 127.0.0.1 on that hop, so the sign-up limit was bypassed, one shared bucket
 * blocked new visitors, and audit rows recorded 127.0.0.1.
 *
 * Every request here comes from a distinct loopback address (Linux routes all of
 * 127.0.0.0/8 to lo; Node binds the client socket with `localAddress`), so the address the
 * app records is told apart from 127.0.0.1, the address of Next's own hop. The Next-Action id
 * and body come from a real submission of the sign-up form.
 */

interface CapturedAction {
  id: string;
  contentType: string;
  body: string;
}

const PLACEHOLDER_EMAIL = "forwarded-placeholder@example.com";
const PASSWORD = `violet lamp orbit ${Math.random().toString(36).slice(2, 8)} harbour`;
const TOO_MANY = "Too many sign-ups from your network";

/** Pages whose worker does not hold the sign-up action: Next forwards it from each of these. */
const FOREIGN_PAGES: Array<{ path: string; worker: string }> = [
  { path: "/", worker: "/page" },
  { path: "/sign-in", worker: "/(auth)/sign-in/page" },
  { path: "/account", worker: "/account/page" },
  { path: "/no-such-workspace/calls", worker: "/(dashboard)/[workspace]/calls/page" },
  { path: "/no-such-workspace/settings", worker: "/(dashboard)/[workspace]/settings/page" },
];

let captured: CapturedAction;
let nextAddress = 20;
/** A loopback address no other request in the suite uses. */
const freshAddress = () => `127.0.0.${nextAddress++}`;

interface ActionResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function postAction(
  port: number,
  origin: string,
  pagePath: string,
  localAddress: string,
  email: string,
  extraHeaders: Record<string, string | string[]> = {},
): Promise<ActionResponse> {
  return replayAction(port, origin, pagePath, localAddress, { ...captured, body: captured.body.split(PLACEHOLDER_EMAIL).join(email) }, extraHeaders);
}

/** Posts a captured action's request from `localAddress` to `pagePath`. */
function replayAction(
  port: number,
  origin: string,
  pagePath: string,
  localAddress: string,
  action: CapturedAction,
  extraHeaders: Record<string, string | string[]> = {},
): Promise<ActionResponse> {
  const body = Buffer.from(action.body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        localAddress,
        method: "POST",
        path: pagePath,
        headers: {
          "next-action": action.id,
          "content-type": action.contentType,
          accept: "text/x-component",
          origin,
          "content-length": String(body.length),
          ...extraHeaders,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

type Outcome = "signed_up" | "blocked" | "other";

function outcomeOf(response: ActionResponse): Outcome {
  if (response.body.includes(TOO_MANY)) return "blocked";
  // A sign-up's answer (decision 032): the form says to check the email; nothing redirects.
  if (response.body.includes("Check your email: we sent a link to confirm your address")) return "signed_up";
  return "other";
}

async function captureSignUpAction(page: Page): Promise<CapturedAction> {
  let resolveCapture: (value: CapturedAction) => void = () => {};
  const capture = new Promise<CapturedAction>((resolve) => (resolveCapture = resolve));
  await page.route("**/sign-up", async (route) => {
    const request = route.request();
    const id = request.headers()["next-action"];
    if (request.method() !== "POST" || !id) return route.continue();
    resolveCapture({ id, contentType: request.headers()["content-type"] ?? "", body: request.postDataBuffer()?.toString("utf8") ?? "" });
    return route.abort();
  });
  await page.goto(`${MAIN_URL}/sign-up`);
  await page.getByLabel("Your name").fill("Forwarded Tester");
  await page.getByLabel("Work email").fill(PLACEHOLDER_EMAIL);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByLabel("Workspace name").fill("Forwarded Team");
  await page.getByRole("button", { name: "Create workspace" }).click();
  const action = await capture;
  await page.unroute("**/sign-up");
  expect(action.id).toMatch(/^[0-9a-f]{20,}$/);
  expect(action.body).toContain(PLACEHOLDER_EMAIL);
  return action;
}

/**
 * The confirmation of `account`'s verification link, as its page would post it from another
 * browser (with the password), captured and not sent: replayed from a chosen address, it
 * writes the workspace's first audit rows (workspace.created, user.email_verified).
 */
async function captureVerifyAction(page: Page, email: string): Promise<CapturedAction & { path: string }> {
  await page.goto(await verificationLink(page, email, MAIN_URL));
  let resolveCapture: (value: CapturedAction & { path: string }) => void = () => {};
  const capture = new Promise<CapturedAction & { path: string }>((resolve) => (resolveCapture = resolve));
  await page.route("**/verify-email**", async (route) => {
    const request = route.request();
    const id = request.headers()["next-action"];
    if (request.method() !== "POST" || !id) return route.continue();
    const url = new URL(request.url());
    resolveCapture({ id, contentType: request.headers()["content-type"] ?? "", body: request.postDataBuffer()?.toString("utf8") ?? "", path: url.pathname + url.search });
    return route.abort();
  });
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: /^Confirm and open / }).click();
  const action = await capture;
  await page.unroute("**/verify-email**");
  expect(action.id).toMatch(/^[0-9a-f]{20,}$/);
  return action;
}

/** The build's action manifest: which page workers hold the sign-up action. */
function workersOfAction(id: string): { workers: string[]; pages: string[] } | null {
  const file = path.join(".next", "server", "server-reference-manifest.json");
  const pagesFile = path.join(".next", "server", "app-paths-manifest.json");
  if (!existsSync(file) || !existsSync(pagesFile)) return null;
  const manifest = JSON.parse(readFileSync(file, "utf8")) as { node: Record<string, { workers: Record<string, unknown> }> };
  return {
    workers: Object.keys(manifest.node[id]?.workers ?? {}).map((w) => w.replace(/^app/, "")),
    pages: Object.keys(JSON.parse(readFileSync(pagesFile, "utf8")) as Record<string, string>),
  };
}

let uniqueEmail = 0;
const emailFor = (label: string) => `fwd-${label}-${Date.now().toString(36)}-${uniqueEmail++}@example.com`;

test.describe.serial("server actions posted to a page that does not own them", () => {
  test.beforeAll(async ({ browser }) => {
    const page = await browser.newPage();
    captured = await captureSignUpAction(page);
    await page.close();
  });

  test("the chosen pages really are foreign to the sign-up action (else the tests below prove nothing)", () => {
    const build = workersOfAction(captured.id);
    test.skip(build === null, "no build manifest in this working directory");
    expect(build!.workers).toContain("/(auth)/sign-up/page");
    for (const { worker } of FOREIGN_PAGES) {
      expect(build!.pages, `${worker} is a page of the build`).toContain(worker);
      expect(build!.workers, `${worker} does not hold the sign-up action`).not.toContain(worker);
    }
  });

  test("the audit variants' pages are foreign to the verification action too", async ({ page }) => {
    const email = emailFor("manifest");
    expect(outcomeOf(await postAction(MAIN_PORT, MAIN_URL, "/sign-up", freshAddress(), email))).toBe("signed_up");
    const verify = await captureVerifyAction(page, email);
    const build = workersOfAction(verify.id);
    test.skip(build === null, "no build manifest in this working directory");
    expect(build!.workers).toContain("/(auth)/verify-email/page");
    for (const { path: p } of auditVariants.filter((v) => v.path !== "/verify-email")) {
      const worker = FOREIGN_PAGES.find((f) => f.path === p)!.worker;
      expect(build!.workers, `${worker} does not hold the verification action`).not.toContain(worker);
    }
  });

  // Strict instance: the SPEC's 3 sign-ups per IP per hour.
  const variants: Array<{ name: string; paths: string[]; headers?: Record<string, string | string[]> }> = [
    { name: "posted to the sign-up page itself (the control)", paths: ["/sign-up", "/sign-up", "/sign-up", "/sign-up"] },
    ...FOREIGN_PAGES.map(({ path: p }) => ({ name: `posted to ${p}`, paths: [p, p, p, p] })),
    { name: "direct and forwarded mixed, one bucket", paths: ["/sign-up", "/", "/sign-in", "/sign-up"] },
    { name: "forwarded, then direct when over the limit", paths: ["/account", "/", "/sign-in", "/sign-up"] },
    {
      name: "forwarded, with a forged peer address, stamp and X-Forwarded-For",
      paths: ["/", "/sign-in", "/account", "/"],
      headers: {
        "x-switchboard-peer-ip": "203.0.113.61",
        "x-switchboard-peer-stamp": `v1.${Date.now()}.${Buffer.from("203.0.113.61").toString("base64url")}.${"A".repeat(43)}`,
        "x-forwarded-for": "203.0.113.62",
        "x-real-ip": "203.0.113.63",
      },
    },
  ];

  for (const variant of variants) {
    test(`sign-up limit per client address: ${variant.name}`, async () => {
      const address = freshAddress();
      const email = emailFor("limit");
      const outcomes: Outcome[] = [];
      for (const p of variant.paths) {
        outcomes.push(outcomeOf(await postAction(STRICT_PORT, STRICT_URL, p, address, email, variant.headers)));
      }
      expect(outcomes).toEqual(["signed_up", "signed_up", "signed_up", "blocked"]);
      // The limit is this client's, not a bucket shared with everyone Next forwards for.
      const other = freshAddress();
      expect(outcomeOf(await postAction(STRICT_PORT, STRICT_URL, variant.paths[0]!, other, emailFor("other")))).toBe("signed_up");
    });
  }

  test("a forged peer header cannot move a client into a fresh bucket, forwarded or not", async () => {
    const address = freshAddress();
    const email = emailFor("forged");
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 4; i++) {
      // Each attempt claims another address, in every spelling a client could try.
      const claimed = `198.51.100.${100 + i}`;
      const forged: Record<string, string | string[]> = [
        { "x-switchboard-peer-ip": claimed },
        { "x-switchboard-peer-ip": claimed, "x-switchboard-peer-stamp": `v1.${Date.now()}.${Buffer.from(claimed).toString("base64url")}.${"B".repeat(43)}` },
        { "x-switchboard-peer-stamp": [`v1.${Date.now()}.${Buffer.from(claimed).toString("base64url")}.${"C".repeat(43)}`, "v1.0.AA.x"] },
        { "x-switchboard-peer-ip": claimed, "x-action-forwarded": "1", "x-forwarded-for": claimed },
      ][i]!;
      outcomes.push(outcomeOf(await postAction(STRICT_PORT, STRICT_URL, i % 2 ? "/sign-up" : "/sign-in", address, email, forged)));
    }
    expect(outcomes).toEqual(["signed_up", "signed_up", "signed_up", "blocked"]);
  });

  // Main instance: the audit rows written when the sign-up is confirmed (decision 032: the
  // workspace is created then), read by the new owner on the audit page. The confirmation is
  // a server action like the sign-up: posted to a page that does not own it, Next forwards it.
  const auditVariants: Array<{ name: string; path: string; headers?: Record<string, string | string[]> }> = [
    { name: "direct", path: "/verify-email" },
    { name: "forwarded from /", path: "/" },
    { name: "forwarded from a dashboard page", path: "/no-such-workspace/calls" },
    {
      name: "forwarded, with a forged peer header and stamp",
      path: "/sign-in",
      headers: {
        "x-switchboard-peer-ip": "203.0.113.71",
        "x-switchboard-peer-stamp": `v1.${Date.now()}.${Buffer.from("203.0.113.71").toString("base64url")}.${"D".repeat(43)}`,
        "x-forwarded-for": "203.0.113.72",
      },
    },
  ];

  for (const variant of auditVariants) {
    test(`audit rows record the client's socket address: ${variant.name}`, async ({ page }) => {
      const email = emailFor("audit");
      expect(outcomeOf(await postAction(MAIN_PORT, MAIN_URL, "/sign-up", freshAddress(), email))).toBe("signed_up");
      const verify = await captureVerifyAction(page, email);
      const address = freshAddress();
      const response = await replayAction(MAIN_PORT, MAIN_URL, variant.path === "/verify-email" ? verify.path : variant.path, address, verify, variant.headers);
      expect(response.status, response.body.slice(0, 300)).toBeLessThan(400);

      await signInViaApi(page.request, MAIN_URL, email, PASSWORD);
      await page.goto(`${MAIN_URL}/`);
      const slug = new URL(page.url()).pathname.split("/")[1];
      expect(slug).toBeTruthy();
      await page.goto(`${MAIN_URL}/${slug}/audit`);
      for (const action of ["workspace.created", "user.email_verified"]) {
        const row = page.getByTestId("audit-row").filter({ hasText: action });
        await expect(row).toHaveCount(1);
        // The IP column is the row's last cell: exactly the socket's address, not 127.0.0.1
        // (Next's hop) nor anything the client claimed.
        await expect(row.locator("td").last()).toHaveText(address);
      }
    });
  }
});
