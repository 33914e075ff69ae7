import { type Page } from "@playwright/test";
import { confirmInlineSudo } from "./support/auth";
import { guardPage } from "./support/page-guard";
import { pageReady } from "./support/ready";
import { expect, test } from "./support/session";

// Issue 9's areas: phone numbers, agent configuration, billing. Each behind its permission,
// every page clean under the CSP (no violation, no console error).

const AREAS = [
  { path: "/demo/numbers", nav: "Numbers", heading: /Phone numbers/, holders: ["owner", "admin"] },
  { path: "/demo/config", nav: "Agent", heading: /Agent configuration/, holders: ["owner", "admin", "developer"] },
  { path: "/demo/billing", nav: "Billing", heading: /Billing/, holders: ["owner", "billing"] },
];
const ROLES = ["owner", "admin", "developer", "billing", "agent", "viewer"];

const money = (text: string) => Math.round(Number(text.replace(/[^0-9.-]/g, "")) * 100);
/** A valid UK number in Ofcom's drama range, different on each run. */
const freshNumber = () => `+4420794600${String(Date.now() % 90 + 10)}`;

async function open(page: Page, path: string, heading: RegExp) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  await pageReady(page, heading);
  await page.screenshot({ path: `test-results/screens/${path.slice(1).replace(/[/?=]/g, "_")}.png`, fullPage: true });
}

test("an owner adds a number, assigns it, relabels it and removes it", async ({ page, signIn }) => {
  await signIn("owner@demo.test");
  const guard = await guardPage(page);
  await open(page, "/demo/numbers", /Phone numbers/);

  const number = freshNumber();
  const form = page.getByTestId("add-number-form");
  // Not E.164: refused with the field's error, nothing added.
  await form.getByLabel("Phone number").fill("020 7946 0000");
  await form.getByRole("button", { name: "Add number" }).click();
  await expect(form.getByText(/E\.164 form/)).toBeVisible();

  await form.getByLabel("Phone number").fill(number);
  await form.getByLabel("Label (optional)").fill("E2E <b>line</b>");
  await form.getByLabel("Agent configuration").selectOption({ label: "Default" });
  await form.getByRole("button", { name: "Add number" }).click();
  await expect(form.getByRole("status")).toContainText("Added +44 20 7946");

  const row = page.getByTestId("number-row").filter({ hasText: number });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("E2E line");
  await expect(row).toContainText("Default");
  await expect(row).toContainText("Live");

  // The same number again is refused with a clear message.
  await form.getByLabel("Phone number").fill(number);
  await form.getByRole("button", { name: "Add number" }).click();
  await expect(form.getByText(`${number} is already in this workspace (live).`)).toBeVisible();

  await row.getByRole("button", { name: /^Edit / }).click();
  await row.getByLabel("Label").fill("E2E renamed");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row).toContainText("E2E renamed");

  await row.getByRole("button", { name: /^Remove / }).click();
  await row.getByRole("button", { name: "Remove number" }).click();
  // Deleting data needs sudo mode (SPEC §1): the password inline, then the removal again.
  await confirmInlineSudo(row);
  await row.getByRole("button", { name: "Remove number" }).click();
  await expect(page.getByTestId("number-row").filter({ hasText: number })).toHaveCount(0);
  guard.assertClean();
});

test("an owner saves the agent configuration, sees the change in the history and restores", async ({ page, signIn }) => {
  await signIn("owner@demo.test");
  const guard = await guardPage(page);
  await open(page, "/demo/config", /Agent configuration/);

  const current = page.getByTestId("current-version");
  const version = Number((await current.textContent())?.match(/Version (\d+)/)?.[1] ?? "0");
  const form = page.getByTestId("config-form");
  const greeting = `Hello from the e2e run ${Date.now()}.`;
  await form.getByLabel("Greeting").fill(greeting);
  await expect(form.getByTestId("unsaved")).toBeVisible();
  await form.getByLabel("Voice").selectOption("mei");
  await form.getByTestId("hours-sun").getByRole("checkbox").check();
  await form.getByLabel("Web widget: allowed embed domains").fill("Shop.Example.com\n*.example.org");
  await form.getByRole("button", { name: /Save/ }).click();
  await expect(form.getByRole("status")).toHaveText(`Saved as version ${version + 1}.`);
  await expect(current).toContainText(`Version ${version + 1}`);
  await expect(form.getByLabel("Web widget: allowed embed domains")).toHaveValue("*.example.org\nshop.example.com");

  const newest = page.getByTestId("version-entry").first();
  await expect(newest).toContainText(`Version ${version + 1}`);
  await expect(newest).toContainText("Current");
  await expect(newest).toContainText("owner@demo.test");
  await expect(newest).toContainText(greeting);
  await expect(newest).toContainText("Mei");
  await expect(newest).toContainText("Active hours: Sunday");

  // An invalid escalation number is refused next to its field; nothing is saved.
  await form.getByLabel("Escalation number (optional)").fill("0800 not a number");
  await form.getByRole("button", { name: /Save/ }).click();
  await expect(form.getByText(/E\.164 form/)).toBeVisible();
  await expect(current).toContainText(`Version ${version + 1}`);
  await form.getByRole("button", { name: "Discard changes" }).click();

  if (version > 0) {
    await page.getByRole("button", { name: `Restore version ${version}` }).click();
    await expect(current).toContainText(`Version ${version + 2}`);
    await expect(page.getByTestId("version-entry").first()).toContainText(`restored from version ${version}`);
    await expect(form.getByLabel("Greeting")).not.toHaveValue(greeting);
  }
  guard.assertClean();
});

test("a test top-up (no Stripe key on the e2e server) updates the balance and the ledger", async ({ page, signIn }) => {
  await signIn("owner@demo.test");
  const guard = await guardPage(page);
  await open(page, "/demo/billing", /Billing/);
  await expect(page.getByText("Test mode — no money moves.").first()).toBeVisible();

  const balance = page.getByTestId("balance");
  const before = money((await balance.textContent()) ?? "");
  const form = page.getByTestId("top-up-form");
  await form.getByLabel("Amount in US dollars").fill("3");
  await form.getByRole("button", { name: "Add test credit" }).click();
  await expect(form.getByText("Enter an amount from $5.00 to $5,000.00.")).toBeVisible();

  await form.getByRole("button", { name: "$50.00" }).click();
  await form.getByRole("button", { name: "Add test credit" }).click();
  await expect(form.getByRole("status")).toContainText("Added $50.00 of test credit.");
  await expect.poll(async () => money((await balance.textContent()) ?? "")).toBe(before + 5000);
  await expect(page.getByTestId("ledger-row").first()).toContainText("+$50.00");
  await expect(page.getByTestId("ledger-row").first()).toContainText("Test top-up");
  guard.assertClean();
});

for (const role of ROLES) {
  test(`${role}: issue 9's pages and navigation follow its permissions`, async ({ page, context, signIn }) => {
    await signIn(`${role}@demo.test`);
    const guard = await guardPage(page);
    await page.goto("/demo");
    const nav = page.getByRole("navigation", { name: "Workspace", exact: true });
    for (const area of AREAS) {
      const allowed = area.holders.includes(role);
      const response = await context.request.get(area.path, { maxRedirects: 0 });
      expect(response.status(), `${role} → ${area.path}`).toBe(allowed ? 200 : 403);
      await expect(nav.getByRole("link", { name: area.nav, exact: true }), `${role} nav ${area.nav}`).toHaveCount(allowed ? 1 : 0);
    }
    guard.assertClean();
  });
}

test("an agent gets the 403 page on each area, rendered cleanly", async ({ page, signIn }) => {
  await signIn("agent@demo.test");
  const guard = await guardPage(page);
  for (const area of AREAS) {
    const response = await page.goto(area.path);
    expect(response?.status(), area.path).toBe(403);
    await expect(page.getByRole("heading", { name: /don't have access/ })).toBeVisible();
    // Let the page come to life (its scripts loaded and run) before the next navigation cuts it off.
    await pageReady(page);
  }
  guard.assertClean([/status of 403/]);
});

test("another workspace's configuration id is not found", async ({ page, signIn }) => {
  await signIn("owner@demo.test");
  const response = await page.goto("/demo/config?c=00000000-0000-0000-0000-000000000000");
  expect(response?.status()).toBe(404);
});
