import { confirmInlineSudo, signUpThroughUi, submitSignIn } from "./support/auth";
import { guardPage } from "./support/page-guard";
import { pageReady, workspaceSlugOf } from "./support/ready";
import { expect, test } from "./support/session";

test("a user deletes their account: sudo mode, the address typed, never leaving a workspace without an owner", async ({ page, signIn }) => {
  const account = await signUpThroughUi(page, "leaver");
  const guard = await guardPage(page);
  await signIn(account.email, { password: account.password });
  // Signed in, the home page sends the owner to their workspace.
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(account.workspace);
  const slug = workspaceSlugOf(page.url());

  await page.goto("/account");
  await pageReady(page, "Account");
  const card = page.getByTestId("delete-account");
  await card.getByLabel(`Type ${account.email} to confirm`).fill(account.email);
  await card.getByRole("button", { name: "Delete my account" }).click();
  await confirmInlineSudo(card, account.password);
  await card.getByLabel(`Type ${account.email} to confirm`).fill(account.email);
  await card.getByRole("button", { name: "Delete my account" }).click();
  // Their own workspace would be left without an owner: refused, and nothing changes.
  await expect(card.getByRole("alert")).toContainText(`only owner of “${account.workspace}”`);

  // Cancelling the workspace (still in sudo mode) lifts the block.
  await page.goto(`/${slug}/settings`);
  await pageReady(page, "Settings");
  const cancel = page.getByTestId("cancel-workspace-form");
  await cancel.getByLabel(`Type ${slug} to confirm`).fill(slug);
  await cancel.getByRole("button", { name: "Cancel workspace" }).click();
  await expect(page.getByTestId("workspace-closed-banner")).toBeVisible();

  await page.goto("/account");
  await pageReady(page, "Account");
  await card.getByLabel(`Type ${account.email} to confirm`).fill(account.email);
  await card.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/sign-in\?notice=account_deleted/);
  await expect(page.getByRole("status")).toContainText("Your account was deleted");

  await submitSignIn(page, account.email, account.password);
  await expect(page.locator("main").getByRole("alert")).toHaveText("Incorrect email or password.");
  // The sign-in form posts with fetch (to show a 429 in the page); next-auth answers a wrong
  // password 401, which Chromium logs as a failed resource. That refusal is the expected one.
  guard.assertClean([/status of 401 \(Unauthorized\)/]);
});
