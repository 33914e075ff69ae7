import { createTestKeyThroughUi, openKeysInSudoMode } from "./support/api-keys";
import { guardPage } from "./support/page-guard";
import { expect, test } from "./support/session";

/** Issue 19 items 4 and 5 in the browser: rolling a key with a 24 h overlap, and its IP allowlist. */
test("a developer rolls a key with a 24 h overlap: both keys work, both rows say so, the new key is shown once", async ({ page, context, signIn }) => {
  await signIn("developer@demo.test");
  const guard = await guardPage(page);
  await openKeysInSudoMode(page);

  const name = `Rolled server ${Date.now().toString(36)}`;
  const oldKey = await createTestKeyThroughUi(page, name);
  await page.reload();

  const oldRow = page.getByTestId("key-row").filter({ hasText: `…${oldKey.slice(-4)}` });
  await expect(oldRow.getByTestId("key-posture").getByText("Never used")).toBeVisible();
  await oldRow.getByRole("button", { name: "Roll" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await dialog.getByLabel("The old key stops working").selectOption("24h");
  await dialog.getByRole("button", { name: "Roll key" }).click();
  const newKey = (await dialog.getByTestId("rolled-key-value").textContent())!.trim();
  expect(newKey).toMatch(/^sb_test_sk_[0-9A-Za-z]{38}$/);
  expect(newKey).not.toBe(oldKey);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();

  // Within the overlap both keys work.
  for (const key of [oldKey, newKey]) {
    const res = await context.request.get("/api/v1/phone-numbers", { headers: { "x-api-key": key } });
    expect(res.status()).toBe(200);
  }

  await page.reload();
  await expect(page.getByText(newKey)).toHaveCount(0);
  const oldAfter = page.getByTestId("key-row").filter({ hasText: `…${oldKey.slice(-4)}` }).filter({ has: page.getByTestId("rolled-to") });
  const newRow = page.getByTestId("key-row").filter({ hasText: `…${newKey.slice(-4)}` }).filter({ has: page.getByTestId("rolled-from") });
  await expect(oldAfter.getByTestId("rolled-to")).toContainText(`Rolled to sb_test_sk_…${newKey.slice(-4)}, stops working in 24 hours`);
  await expect(oldAfter.getByRole("button", { name: "Roll" })).toHaveCount(0);
  await expect(newRow.getByTestId("rolled-from")).toContainText(`Rolled from sb_test_sk_…${oldKey.slice(-4)}, which expires in 24 hours`);

  // An allowlist that leaves out this machine: the new key answers 403 IP_NOT_ALLOWED; cleared, 200 again.
  await newRow.getByText("Edit allowlist").click();
  await newRow.getByRole("textbox", { name: /IP ranges/ }).fill("203.0.113.0/24\n2001:db8::/32");
  await newRow.getByRole("button", { name: "Save allowlist" }).click();
  await expect(newRow.getByRole("status")).toHaveText("Allowed from 2 ranges.");
  const refused = await context.request.get("/api/v1/phone-numbers", { headers: { "x-api-key": newKey } });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.code).toBe("IP_NOT_ALLOWED");
  await page.reload();
  const newRowAgain = page.getByTestId("key-row").filter({ hasText: `…${newKey.slice(-4)}` }).filter({ has: page.getByTestId("rolled-from") });
  await expect(newRowAgain.getByRole("list", { name: "Allowed IP ranges" })).toContainText("203.0.113.0/24");
  await newRowAgain.getByText("Edit allowlist").click();
  await newRowAgain.getByRole("textbox", { name: /IP ranges/ }).fill("");
  await newRowAgain.getByRole("button", { name: "Save allowlist" }).click();
  await expect(newRowAgain.getByRole("status")).toHaveText("Allowed from any address.");
  expect((await context.request.get("/api/v1/phone-numbers", { headers: { "x-api-key": newKey } })).status()).toBe(200);
  await page.screenshot({ path: "test-results/screens/api-keys-roll.png", fullPage: true });
  guard.assertClean();
});
