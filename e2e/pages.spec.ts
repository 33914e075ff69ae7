import { type Page } from "@playwright/test";
import { guardPage } from "./support/page-guard";
import { pageReady, streamingDone } from "./support/ready";
import { expect, test } from "./support/session";

// Every page of the app, visited in a real browser: no CSP violation, no console error.
const PUBLIC_PAGES = [
  { path: "/", heading: /secure control plane/i },
  { path: "/sign-in", heading: /Sign in/ },
  { path: "/sign-up", heading: /Create your workspace/ },
  { path: "/forgot-password", heading: /Reset your password/ },
  { path: "/reset-password?token=nope", heading: /Choose a new password/ },
  { path: "/dev/outbox", heading: /Local outbox/ },
];
const SIGNED_IN_PAGES = [
  { path: "/demo", heading: /Demo Workspace/ },
  { path: "/account", heading: /Account/ },
  { path: "/demo/team", heading: /Team/ },
  { path: "/demo/groups", heading: /Groups/ },
  { path: "/demo/developers/api-keys", heading: /API keys/ },
  { path: "/demo/developers/logs", heading: /Request logs/ },
  { path: "/demo/developers/docs", heading: /API reference/ },
  { path: "/demo/settings", heading: /Settings/ },
  { path: "/demo/calls", heading: /Calls/ },
  { path: "/demo/calls?mode=test", heading: /Calls/ },
  { path: "/demo/test-calls", heading: /Test calls/ },
  { path: "/demo/knowledge", heading: /Knowledge base/ },
  { path: "/demo/developers/webhooks", heading: /Webhooks/ },
  { path: "/demo/developers/events", heading: /Webhook events/ },
  { path: "/demo/audit", heading: /Audit log/ },
  { path: "/demo/security", heading: /Security/ },
];

const shotName = (path: string) => (path === "/" ? "home" : path.slice(1).replace(/[/?=]/g, "_"));

async function visitCleanly(page: Page, path: string, heading: RegExp) {
  const guard = await guardPage(page);
  const response = await page.goto(path);
  expect(response?.status()).toBe(200);
  // Hydrated (its scripts ran, where a CSP violation would show) and fully streamed in.
  await pageReady(page, heading);
  await streamingDone(page);
  await page.screenshot({ path: `test-results/screens/${shotName(path)}.png`, fullPage: true });
  guard.assertClean();
}

test.describe("every page renders cleanly under the CSP", () => {
  for (const { path, heading } of PUBLIC_PAGES) {
    test(`${path} has no CSP violation or console error`, async ({ page }) => {
      await visitCleanly(page, path, heading);
    });
  }

  for (const { path, heading } of SIGNED_IN_PAGES) {
    test(`${path} (signed in) has no CSP violation or console error`, async ({ page, signIn }) => {
      await signIn("owner@demo.test");
      await visitCleanly(page, path, heading);
    });
  }

  test("the 404 page renders cleanly (its 404 status is the only console error)", async ({ page }) => {
    const guard = await guardPage(page);
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await pageReady(page);
    guard.assertClean([/status of 404/]);
  });

  test("scripts ran: client navigation works under the nonce policy", async ({ page }) => {
    const guard = await guardPage(page);
    await page.goto("/no-such-page");
    await page.getByRole("link", { name: "Back to Switchboard" }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    guard.assertClean([/status of 404/]);
  });
});
