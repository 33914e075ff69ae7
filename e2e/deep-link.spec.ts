import type { APIRequestContext, APIResponse, Page } from "@playwright/test";
import { DEMO_PASSWORD } from "./support/auth";
import { MAIN_URL } from "./support/servers";
import { expect, test } from "./support/session";

/**
 * Issue 16 items 2 and 10: after sign-in the user returns to the exact same-origin page they
 * asked for (SPEC §1), and nothing in `callbackUrl` can send a browser elsewhere or crash
 * the response.
 */

const ORIGIN = new URL(MAIN_URL).origin;
const DEEP_LINK = "/demo/calls?mode=test";

/** Fills the sign-in form already on screen (not signInThroughUi: that opens /sign-in afresh). */
async function signInHere(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test.describe("deep links survive sign-in", () => {
  test("signed out, /demo/calls?mode=test leads through the sign-in form back to exactly that page", async ({ page }) => {
    await page.goto(DEEP_LINK);
    await expect(page).toHaveURL(`${MAIN_URL}/sign-in?callbackUrl=${encodeURIComponent(DEEP_LINK)}`);
    await signInHere(page, "viewer@demo.test", DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname !== "/sign-in");
    expect(page.url()).toBe(`${MAIN_URL}${DEEP_LINK}`);
    await expect(page.getByRole("heading", { name: "Calls", level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name: "Test data" })).toHaveAttribute("aria-current", "page");
  });

  test("a wrong password first does not lose the destination", async ({ page }) => {
    await page.goto("/demo/calls?mode=live");
    await signInHere(page, "viewer@demo.test", "definitely not the password");
    await expect(page.locator("main").getByRole("alert")).toHaveText("Incorrect email or password.");
    await signInHere(page, "viewer@demo.test", DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname !== "/sign-in");
    expect(page.url()).toBe(`${MAIN_URL}/demo/calls?mode=live`);
  });

  test("a client cannot choose the return target by sending the gate's header itself", async ({ page }) => {
    await page.setExtraHTTPHeaders({ "x-sb-requested-path": "/elsewhere" });
    await page.goto("/demo/settings");
    await expect(page).toHaveURL(`${MAIN_URL}/sign-in?callbackUrl=${encodeURIComponent("/demo/settings")}`);
  });
});

/** Raw values, percent-encoded whole into the query (tabs, newlines and non-Latin-1 included). */
const NASTY = [
  "/\t/evil.example/",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "/demo\r\nSet-Cookie: a=b",
  "//evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/%09/evil.example",
  "%2F%2Fevil.example",
  "/.//evil.example",
  "https://evil.example",
  "HtTpS://evil.example/demo",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "/@evil.example",
  "https://127.0.0.1@evil.example",
  "/日本語?q=é#ü",
  "//evil\u3002example",
  "/\u2028\u0000",
  `/${"a".repeat(5000)}`,
];

/** Query strings as an attacker types them, beyond what encodeURIComponent makes. */
const RAW_QUERIES = [
  "callbackUrl=%2F%09%2Fevil.example%2F",
  "callbackUrl=%2F%0A%2Fevil.example",
  "callbackUrl=%2F%0D%0ALocation:%20https://evil.example",
  "callbackUrl=%E2%80%A8",
  "callbackUrl=%FF%FE",
  "callbackUrl=/demo&callbackUrl=//evil.example",
  "callbackUrl[]=//evil.example",
  "callbackUrl=",
  ...NASTY.map((value) => `callbackUrl=${encodeURIComponent(value)}`),
];

function expectOnOrigin(response: APIResponse, query: string) {
  expect(response.status(), query).toBeLessThan(500);
  const location = response.headers()["location"];
  if (location === undefined) return;
  const target = new URL(location, `${MAIN_URL}/sign-in`);
  expect(target.origin, `${query} → ${location}`).toBe(ORIGIN);
  // next-auth's own redirect to the sign-in page carries the destination on: on origin too.
  const carried = target.searchParams.get("callbackUrl");
  if (carried !== null) expect(new URL(carried, `${MAIN_URL}/`).origin, `${query} → ${location}`).toBe(ORIGIN);
}

async function getEach(request: APIRequestContext, path: string) {
  for (const query of RAW_QUERIES) {
    const response = await request.get(`${MAIN_URL}${path}?${query}`, { maxRedirects: 0 });
    expectOnOrigin(response, `${path}?${query}`);
  }
}

test.describe("callbackUrl never leaves the origin, never crashes", () => {
  test("signed in, GET /sign-in?callbackUrl=… redirects only on origin", async ({ page, signIn }) => {
    await signIn("viewer@demo.test");
    for (const query of RAW_QUERIES) {
      const response = await page.request.get(`${MAIN_URL}/sign-in?${query}`, { maxRedirects: 0 });
      expectOnOrigin(response, query);
      expect(response.status(), query).toBe(307);
    }
  });

  test("signed out, the sign-in page renders for every value and next-auth's sign-in redirect stays on origin", async ({ request }) => {
    for (const query of RAW_QUERIES) {
      const response = await request.get(`${MAIN_URL}/sign-in?${query}`, { maxRedirects: 0 });
      expect(response.status(), query).toBe(200);
      const hidden = /name="callbackUrl" value="([^"]*)"/.exec(await response.text())?.[1];
      expect(hidden, query).toBeDefined();
      expect(new URL(hidden!.replaceAll("&amp;", "&"), `${MAIN_URL}/`).origin, query).toBe(ORIGIN);
    }
    await getEach(request, "/api/auth/signin");
  });

  test("a credentials sign-in with a hostile callbackUrl lands on origin", async ({ request }) => {
    for (const callbackUrl of ["/\t/evil.example/", "https://evil.example", "/.//evil.example", "/日本語\n"]) {
      const { csrfToken } = await (await request.get(`${MAIN_URL}/api/auth/csrf`)).json();
      const response = await request.post(`${MAIN_URL}/api/auth/callback/credentials`, {
        form: { csrfToken, email: "viewer@demo.test", password: DEMO_PASSWORD, callbackUrl },
        headers: { origin: MAIN_URL },
        maxRedirects: 0,
      });
      expect(response.status(), callbackUrl).toBe(302);
      expectOnOrigin(response, JSON.stringify(callbackUrl));
    }
  });
});
