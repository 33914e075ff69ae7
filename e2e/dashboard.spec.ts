import { signInThroughUi, signUpThroughUi } from "./support/auth";
import { guardPage } from "./support/page-guard";
import { pageReady } from "./support/ready";
import { expect, test } from "./support/session";

/** The dashboard's frame (issue 18): the command palette, the theme toggle, editing an endpoint. */

test("Ctrl-K opens the command palette: it jumps to pages and finds a member by email", async ({ page, signIn }) => {
  await signIn("owner@demo.test");
  const guard = await guardPage(page);
  await page.goto("/demo");
  await pageReady(page, /Demo Workspace/);

  await page.keyboard.press("Control+k");
  const palette = page.getByTestId("command-palette");
  await expect(palette).toBeVisible();
  await palette.getByRole("combobox").fill("webhooks");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/demo\/developers\/webhooks$/);
  await expect(palette).toBeHidden();

  await page.getByRole("button", { name: /Search and jump to/ }).click();
  await palette.getByRole("combobox").fill("agent@demo.test");
  const found = palette.getByRole("option", { name: /agent@demo\.test/ });
  await expect(found).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/desktop-light/command-palette.png" });
  await found.click();
  await expect(page).toHaveURL(/\/demo\/team\/[0-9a-f-]{36}$/);

  // Escape closes it and gives focus back.
  await page.keyboard.press("Control+k");
  await expect(palette).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(palette).toBeHidden();
  guard.assertClean();
});

test("an agent's palette offers only the agent's pages and finds no members", async ({ page, signIn }) => {
  await signIn("agent@demo.test");
  await page.goto("/demo");
  await pageReady(page);
  await page.keyboard.press("Control+k");
  const palette = page.getByTestId("command-palette");
  await palette.getByRole("combobox").fill("team");
  await expect(palette.getByRole("option", { name: "Team", exact: true })).toHaveCount(0);
  await palette.getByRole("combobox").fill("owner@demo.test");
  await expect(palette.getByText("Nothing matches")).toBeVisible();
});

test("the theme toggle steps system → light → dark and is remembered by this browser", async ({ page, signIn }) => {
  await signIn("viewer@demo.test");
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/demo");
  await pageReady(page);
  const html = page.locator("html");
  const toggle = page.getByTestId("theme-toggle");
  await expect(toggle).toHaveAttribute("data-theme", "system");
  await toggle.click();
  await expect(html).toHaveClass("light");
  await toggle.click();
  await expect(html).toHaveClass("dark");
  // The server renders the chosen class: no flash, no script before paint.
  await page.reload();
  await expect(html).toHaveClass("dark");
  await expect(page.getByTestId("theme-toggle")).toHaveAttribute("data-theme", "dark");
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).not.toBe("rgb(248, 250, 252)");
  await page.getByTestId("theme-toggle").click();
  await expect(html).not.toHaveClass(/light|dark/);
});

test("a theme a user pins follows them to another browser at sign-in", async ({ page, browser }) => {
  const account = await signUpThroughUi(page, "theme");
  await signInThroughUi(page, account.email, account.password);
  await page.emulateMedia({ colorScheme: "light" });
  await pageReady(page);
  const toggle = page.getByTestId("theme-toggle");
  await toggle.click();
  await toggle.click();
  await expect(page.locator("html")).toHaveClass("dark");
  await page.waitForLoadState("networkidle");

  // A browser that never chose a theme: the account's choice arrives with the session.
  const other = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const elsewhere = await other.newPage();
  await signInThroughUi(elsewhere, account.email, account.password);
  await expect(elsewhere.locator("html")).toHaveClass("dark");
  await expect(elsewhere.getByTestId("theme-toggle")).toHaveAttribute("data-theme", "dark");
  // Back to the system setting there: the account forgets the pin, and a third browser follows the system.
  await elsewhere.getByTestId("theme-toggle").click();
  await expect(elsewhere.locator("html")).not.toHaveClass(/light|dark/);
  await elsewhere.waitForLoadState("networkidle");
  await other.close();
  const third = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const fresh = await third.newPage();
  await signInThroughUi(fresh, account.email, account.password);
  await expect(fresh.getByTestId("theme-toggle")).toHaveAttribute("data-theme", "system");
  await third.close();
});

test("a webhook endpoint is edited with the creation form's checks, keeping its secret", async ({ page, signIn }) => {
  await signIn("developer@demo.test");
  const guard = await guardPage(page);
  const id = Date.now().toString(36);
  await page.goto("/demo/developers/webhooks?mode=test");
  await pageReady(page, /Webhooks/);
  await page.getByLabel("Endpoint URL").fill(`http://127.0.0.1:9999/edit-${id}`);
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await page.getByRole("link", { name: "Open the endpoint →" }).click();
  await pageReady(page, `http://127.0.0.1:9999/edit-${id}`);

  const form = page.getByTestId("edit-endpoint-form");
  await form.getByLabel("Endpoint URL").fill("http://169.254.169.254/latest/meta-data");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.getByText(/only public addresses can be reached/).first()).toBeVisible();
  await expect(form.getByText("private_address")).toHaveCount(0);

  await form.getByLabel("Endpoint URL").fill(`http://127.0.0.1:9999/edited-${id}`);
  await form.getByLabel("Description (optional)").fill("Edited in e2e");
  await form.getByRole("checkbox", { name: "webhook.test" }).check();
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.getByText(/Saved\. The next deliveries use these settings/)).toBeVisible();
  await page.reload();
  await pageReady(page, `http://127.0.0.1:9999/edited-${id}`);
  await expect(page.getByTestId("edit-endpoint-form").getByRole("checkbox", { name: "webhook.test" })).toBeChecked();
  guard.assertClean();
});

test("a new workspace opens on a getting-started checklist that ticks off what is done", async ({ page }) => {
  const account = await signUpThroughUi(page, "checklist");
  await signInThroughUi(page, account.email, account.password);
  await pageReady(page, account.workspace);
  const list = page.getByTestId("getting-started");
  await expect(list.locator("li")).toHaveCount(7);
  await expect(list.locator("li[data-done='true']")).toHaveCount(0);
  await page.screenshot({ path: "test-results/screenshots/desktop-light/getting-started.png", fullPage: true });

  await list.getByRole("link", { name: "Invite your team" }).click();
  await page.getByLabel("Email address").fill(`teammate-${Date.now().toString(36)}@example.com`);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(/Invitation sent to/)).toBeVisible();
  await page.getByRole("navigation", { name: "Workspace", exact: true }).getByRole("link", { name: "Overview" }).click();
  await expect(page.getByTestId("step-team")).toHaveAttribute("data-done", "true");
  await expect(page.getByTestId("getting-started").getByRole("link", { name: "Invite your team" })).toHaveCount(0);
});

test("? lists the keyboard shortcuts; Escape closes the list", async ({ page, signIn }) => {
  await signIn("viewer@demo.test");
  await page.goto("/demo");
  await pageReady(page);
  await page.keyboard.press("?");
  const help = page.getByTestId("shortcuts-help");
  await expect(help.getByRole("heading", { name: "Keyboard shortcuts" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();
});

test("the first Tab reaches Skip to content, which moves focus past the navigation to the page", async ({ page, signIn }) => {
  await signIn("viewer@demo.test");
  await page.goto("/demo/calls");
  await pageReady(page, /Calls/);
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();
});
