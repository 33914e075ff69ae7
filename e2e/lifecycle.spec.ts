import { signUpThroughUi } from "./support/auth";
import { guardPage } from "./support/page-guard";
import { pageReady, workspaceSlugOf } from "./support/ready";
import { expect, test } from "./support/session";

const DAY_MS = 86_400_000;
const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

test("an owner cancels, sees the deletion date, exports, and reactivates", async ({ page, signIn }) => {
  // A workspace of its own: the demo workspace stays open for every other test.
  const account = await signUpThroughUi(page, "lifecycle");
  const guard = await guardPage(page);
  await signIn(account.email, { password: account.password });
  // Signed in, the home page sends the owner to their workspace.
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(account.workspace);
  const slug = workspaceSlugOf(page.url());

  await page.goto(`/${slug}/settings`);
  await pageReady(page, "Settings");
  const form = page.getByTestId("cancel-workspace-form");
  await form.getByLabel(`Type ${slug} to confirm`).fill(slug);
  await form.getByRole("button", { name: "Cancel workspace" }).click();
  // Sudo mode first: the refusal says so and nothing changes.
  await expect(form.getByText(/Confirm your password/)).toBeVisible();
  await expect(page.getByTestId("workspace-closed-banner")).toHaveCount(0);

  await page.getByLabel("Password").fill(account.password);
  await expect(page.getByLabel("Password")).toHaveValue(account.password);
  await page.getByRole("button", { name: "Confirm" }).click();
  // The banner is the refreshed page's (server-rendered); the password prompt has gone with it.
  await expect(page.getByText("Sudo mode is on")).toBeVisible({ timeout: 15_000 });
  await expect(page.getByLabel("Password")).toHaveCount(0);

  // A wrong name is refused.
  await form.getByLabel(`Type ${slug} to confirm`).fill(`${slug}-nope`);
  await form.getByRole("button", { name: "Cancel workspace" }).click();
  await expect(form.getByText(/to confirm/).last()).toBeVisible();
  await expect(page.getByTestId("workspace-closed-banner")).toHaveCount(0);

  await form.getByLabel(`Type ${slug} to confirm`).fill(slug);
  await form.getByRole("button", { name: "Cancel workspace" }).click();
  const banner = page.getByTestId("workspace-closed-banner");
  await expect(banner).toBeVisible();
  const expected = day.format(new Date(Date.now() + 30 * DAY_MS));
  await expect(banner.getByTestId("deletion-date")).toContainText(expected);
  await expect(page.getByTestId("closure-deletion-date")).toContainText(expected);
  await page.screenshot({ path: "test-results/screens/workspace-cancelled.png", fullPage: true });

  // Read-only: the navigation keeps reading and exporting, nothing that changes things.
  const nav = page.getByRole("navigation", { name: /workspace/i });
  await expect(nav.getByRole("link", { name: "Calls", exact: true })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Team", exact: true })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Webhooks", exact: true })).toHaveCount(0);

  // Owners can still export everything.
  const downloading = page.waitForEvent("download");
  await page.getByTestId("data-export-link").click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${slug}-export-\\d{4}-\\d{2}-\\d{2}\\.zip$`));
  const zip = await page.request.get(`/${slug}/settings/export`);
  expect(zip.status()).toBe(200);
  expect((await zip.body()).subarray(0, 2).toString("latin1")).toBe("PK");

  await page.getByTestId("reactivate-workspace-form").getByRole("button", { name: "Reactivate workspace" }).click();
  await expect(banner).toHaveCount(0);
  await expect(page.getByTestId("cancel-workspace-form")).toBeVisible();
  await expect(nav.getByRole("link", { name: "Team", exact: true })).toBeVisible();
  guard.assertClean();
});
