import { createTestKeyThroughUi, openKeysInSudoMode } from "./support/api-keys";
import { guardPage } from "./support/page-guard";
import { pageReady } from "./support/ready";
import { expect, test } from "./support/session";

/**
 * Issue 19: a developer's failed API call is one paste away on Developers → Logs — by the
 * request id its error carried, and by the error's own request_log_url.
 */
test("a developer finds a failed request by its request id on the Logs page", async ({ page, request, signIn }) => {
  await signIn("developer@demo.test");
  const guard = await guardPage(page);
  await openKeysInSudoMode(page);
  const name = `Logs probe ${Date.now().toString(36)}`;
  const key = await createTestKeyThroughUi(page, name);

  // A call that fails: no such call (404), and one the key has no scope for (403) — from a
  // server, so without the browser's cookies (a cookie-carrying POST is a CSRF refusal).
  const missing = await request.get("/api/v1/calls/00000000-0000-4000-8000-000000000000", { headers: { "x-api-key": key } });
  expect(missing.status()).toBe(404);
  const { error } = (await missing.json()) as { error: { code: string; request_id: string; request_log_url: string } };
  expect(error.request_id).toBe(missing.headers()["x-request-id"]);
  expect(error.request_log_url).toContain(`/demo/developers/logs?request_id=${error.request_id}`);
  const refused = await request.post("/api/v1/phone-numbers", { headers: { "x-api-key": key }, data: { number: "+14155550100" } });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.code).toBe("INSUFFICIENT_SCOPE");

  await page.goto("/demo/developers/logs");
  await pageReady(page, "Request logs");
  await page.getByLabel("Request id").fill(error.request_id);
  await page.getByRole("button", { name: "Apply filters" }).click();
  const detail = page.getByTestId("request-log-detail");
  // Rows are written a moment after the response (batched, within a second): look again until then.
  await expect(async () => {
    if (!(await detail.isVisible())) await page.reload();
    await expect(detail).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(detail.getByRole("heading", { name: error.request_id })).toBeVisible();
  await expect(detail).toContainText("404");
  await expect(detail).toContainText("NOT_FOUND");
  await expect(detail).toContainText("GET /api/v1/calls/00000000-0000-4000-8000-000000000000");
  await expect(detail).toContainText("GET /api/v1/calls/{id}");
  await expect(detail).toContainText(`…${key.slice(-4)}`);
  await expect(detail).not.toContainText(key);

  // The error's own link lands on the same request; the key filter lists its requests, failed ones by status.
  await page.goto(new URL(error.request_log_url).pathname + new URL(error.request_log_url).search);
  await expect(page.getByTestId("request-log-detail").getByRole("heading", { name: error.request_id })).toBeVisible();
  await page.goto("/demo/developers/logs");
  await page.getByLabel("Key").selectOption({ label: `${name} (sb_test_sk_…${key.slice(-4)})` });
  await page.getByLabel("Status").selectOption("4xx");
  // Choices apply as they are made: both are in the URL without pressing Apply.
  await expect(page).toHaveURL(/key_id=.*status=4xx|status=4xx.*key_id=/);
  const rows = page.getByTestId("request-log-row");
  await expect(async () => {
    if ((await rows.count()) !== 2) await page.reload();
    await expect(rows).toHaveCount(2, { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(rows.first()).toContainText("INSUFFICIENT_SCOPE");
  await expect(rows.nth(1)).toContainText("NOT_FOUND");
  await page.screenshot({ path: "test-results/screens/request-logs.png", fullPage: true });
  guard.assertClean();
});
