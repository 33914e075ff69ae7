import { type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "./support/auth";
import { cancelIn, confirmDialog, confirmIn } from "./support/confirm";
import { guardPage } from "./support/page-guard";
import { pageReady } from "./support/ready";
import { MAIN_URL } from "./support/servers";
import { expect, test } from "./support/session";

/**
 * Destructive actions ask first (issue 18): Cancel keeps the object, confirming removes it.
 * Sudo mode is entered beforehand on each page, so the dialog is the only thing between the
 * click and the change — which is the point.
 */

async function enterSudo(page: Page) {
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText(/Sudo mode is on/)).toBeVisible();
}

const suffix = () => Date.now().toString(36);

test("revoking a live key asks, says requests will fail, and wants its name typed", async ({ page, context, signIn }) => {
  await signIn("owner@demo.test");
  const guard = await guardPage(page);
  await page.goto("/demo/developers/api-keys");
  await pageReady(page, /API keys/);
  await enterSudo(page);
  const name = `Live deploy ${suffix()}`;
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Mode").selectOption("live");
  await page.getByRole("checkbox", { name: /Read call logs/ }).check();
  await page.getByRole("button", { name: "Create key" }).click();
  const value = (await page.getByTestId("new-key-value").textContent())!.trim();
  const works = async () => (await context.request.get("/api/v1/calls?limit=1", { headers: { "x-api-key": value } })).status();
  expect(await works()).toBe(200);

  await page.reload();
  const row = page.getByTestId("key-row").filter({ has: page.locator(`input[value="${name}"]`) });
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(confirmDialog(page)).toContainText("Requests using it will fail at once");
  await page.screenshot({ path: "test-results/screenshots/desktop-light/confirm-revoke-live-key.png" });
  await cancelIn(page);
  // Focus goes back to the button that opened the dialog.
  await expect(row.getByRole("button", { name: "Revoke" })).toBeFocused();
  expect(await works()).toBe(200);
  await expect(row.getByText("Active")).toBeVisible();

  // Escape dismisses it too.
  await row.getByRole("button", { name: "Revoke" }).click();
  await page.keyboard.press("Escape");
  await expect(confirmDialog(page)).toBeHidden();
  expect(await works()).toBe(200);

  await row.getByRole("button", { name: "Revoke" }).click();
  await confirmIn(page, "Revoke key", name);
  await expect(page.getByTestId("key-row").filter({ hasText: `…${value.slice(-4)}` }).getByText("Revoked")).toBeVisible();
  // The outcome is told in a toast (the row's button is gone), announced politely, dismissable.
  const toast = page.getByTestId("toast").filter({ hasText: "Key revoked" });
  await expect(toast).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/desktop-light/toast-key-revoked.png" });
  await toast.getByRole("button", { name: "Dismiss" }).click();
  await expect(toast).toHaveCount(0);
  expect(await works()).toBe(401);
  guard.assertClean();
});

test("deleting a webhook endpoint asks: Cancel keeps it, confirming deletes it", async ({ page, signIn }) => {
  await signIn("developer@demo.test");
  const guard = await guardPage(page);
  const url = `http://127.0.0.1:9999/confirm-${suffix()}`;
  await page.goto("/demo/developers/webhooks?mode=test");
  await pageReady(page, /Webhooks/);
  await page.getByLabel("Endpoint URL").fill(url);
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await page.getByRole("link", { name: "Open the endpoint →" }).click();
  await pageReady(page, url);
  await enterSudo(page);

  await page.getByRole("button", { name: "Delete endpoint" }).click();
  await expect(confirmDialog(page)).toContainText("stops receiving events at once");
  await cancelIn(page);
  await page.reload();
  await pageReady(page, url);

  await page.getByRole("button", { name: "Delete endpoint" }).click();
  await confirmIn(page, "Delete endpoint");
  await expect(page).toHaveURL(/\/demo\/developers\/webhooks\?mode=test$/);
  await expect(page.getByText(url)).toHaveCount(0);
  guard.assertClean();
});

test("removing a member asks: Cancel keeps them, confirming removes them", async ({ browser, page, signIn }) => {
  await signIn("owner@demo.test");
  const guard = await guardPage(page);
  const email = `leaver-${suffix()}@example.com`;
  const name = `Leaving Viewer ${suffix()}`;
  await page.goto("/demo/team");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Role").selectOption("viewer");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${email}`)).toBeVisible();

  // They join, in a browser of their own.
  const theirs = await browser.newContext({ baseURL: MAIN_URL });
  const them = await theirs.newPage();
  await them.goto(`/dev/outbox?to=${encodeURIComponent(email)}`);
  const link = /(http\S+\/invitations\/accept\?token=\S+)/.exec((await them.getByTestId("outbox-body").first().textContent()) ?? "")?.[1];
  await them.goto(link!);
  await them.getByLabel("Your name").fill(name);
  await them.getByLabel("Password").fill("a leaver's own passphrase");
  await them.getByRole("button", { name: "Create account and join" }).click();
  await them.waitForURL((u) => !u.pathname.startsWith("/invitations"));
  await theirs.close();

  await page.goto("/demo/team");
  await page.getByRole("link", { name }).click();
  await pageReady(page, new RegExp(name));
  await enterSudo(page);
  await page.getByRole("button", { name: `Remove ${name}` }).click();
  await expect(confirmDialog(page)).toContainText("They lose access at once");
  await cancelIn(page);
  await page.goto("/demo/team");
  await expect(page.getByRole("link", { name })).toBeVisible();

  await page.getByRole("link", { name }).click();
  await pageReady(page, new RegExp(name));
  await page.getByRole("button", { name: `Remove ${name}` }).click();
  await confirmIn(page, "Remove member");
  await expect(page).toHaveURL(/\/demo\/team$/);
  await expect(page.getByRole("link", { name })).toHaveCount(0);
  guard.assertClean();
});
