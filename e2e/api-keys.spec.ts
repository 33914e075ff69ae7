import { openKeysInSudoMode } from "./support/api-keys";
import { confirmIn } from "./support/confirm";
import { guardPage } from "./support/page-guard";
import { expect, test } from "./support/session";

test("a developer creates a key under sudo mode, sees it once, uses it, then revokes it", async ({ page, context, signIn }) => {
  await signIn("developer@demo.test");
  const guard = await guardPage(page);
  await openKeysInSudoMode(page);

  const name = `CI server ${Date.now().toString(36)}`;
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Mode").selectOption("test");
  // A developer does not hold audit:read, so that scope cannot be chosen.
  await expect(page.getByRole("checkbox", { name: /Read the audit log/ })).toBeDisabled();
  await page.getByRole("checkbox", { name: /Read call logs/ }).check();
  await page.getByRole("checkbox", { name: /Manage phone numbers/ }).isDisabled();
  await page.getByRole("button", { name: "Create key" }).click();
  const value = (await page.getByTestId("new-key-value").textContent())!.trim();
  expect(value).toMatch(/^sb_test_sk_[0-9A-Za-z]{38}$/);

  const listed = await context.request.get("/api/v1/phone-numbers", { headers: { "x-api-key": value } });
  expect(listed.status()).toBe(200);
  expect((await listed.json()).data.every((n: { mode: string }) => n.mode === "test")).toBe(true);

  await page.reload();
  await expect(page.getByText(value)).toHaveCount(0);
  const row = page.getByTestId("key-row").filter({ has: page.locator(`input[value="${name}"]`) });
  await expect(row.getByText(`sb_test_sk_…${value.slice(-4)}`)).toBeVisible();
  await row.getByRole("button", { name: "Revoke" }).click();
  await confirmIn(page, "Revoke key");
  await expect(page.getByTestId("key-row").filter({ hasText: `…${value.slice(-4)}` }).getByText("Revoked")).toBeVisible();
  const after = await context.request.get("/api/v1/phone-numbers", { headers: { "x-api-key": value } });
  expect(after.status()).toBe(401);
  expect((await after.json()).error.code).toBe("INVALID_API_KEY");
  await page.screenshot({ path: "test-results/screens/api-keys.png", fullPage: true });
  guard.assertClean();
});

test("a viewer sees the keys read-only", async ({ page, signIn }) => {
  await signIn("viewer@demo.test");
  await page.goto("/demo/developers/api-keys");
  await expect(page.getByTestId("read-only-notice")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create key" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Revoke" })).toHaveCount(0);
  await expect(page.getByTestId("key-row").first()).toBeVisible();
});

test("the API docs page renders every operation with a curl example", async ({ page, context, signIn }) => {
  await signIn("developer@demo.test");
  const guard = await guardPage(page);
  const doc = await (await context.request.get("/api/v1/openapi.json")).json();
  expect(doc.openapi).toBe("3.1.0");
  const operations = Object.values(doc.paths as Record<string, object>).reduce((n, ops) => n + Object.keys(ops).length, 0);
  await page.goto("/demo/developers/docs");
  await expect(page.getByTestId("api-operation")).toHaveCount(operations);
  await expect(page.getByTestId("api-operation").filter({ hasText: "/calls" }).first()).toBeVisible();
  await expect(page.getByText("curl -X POST").first()).toBeVisible();
  guard.assertClean();
});
