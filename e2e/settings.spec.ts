import { DEMO_PASSWORD } from "./support/auth";
import { guardPage } from "./support/page-guard";
import { pageReady } from "./support/ready";
import { expect, test } from "./support/session";

test("an owner sets retention and downloads the workspace export, both in sudo mode", async ({ page, context, signIn }) => {
  await signIn("owner@demo.test");
  const guard = await guardPage(page);
  // Without sudo mode the export is refused with a clear message.
  const refused = await context.request.get("/demo/settings/export");
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.message).toMatch(/Confirm your password/);

  await page.goto("/demo/settings");
  await pageReady(page, "Settings");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await expect(page.getByLabel("Password")).toHaveValue(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText("Sudo mode is on")).toBeVisible({ timeout: 15_000 });

  const form = page.getByTestId("retention-form");
  await form.getByLabel("Call recordings (days)").fill("14");
  await form.getByRole("button", { name: "Save retention" }).click();
  await expect(form.getByText(/Saved/)).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("retention-form").getByLabel("Call recordings (days)")).toHaveValue("14");

  const response = await context.request.get("/demo/settings/export");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-disposition"]).toMatch(/demo-export-\d{4}-\d{2}-\d{2}\.zip/);
  const body = await response.body();
  expect(body.subarray(0, 2).toString("latin1")).toBe("PK");
  expect(body.toString("latin1")).toContain("calls.csv");
  // Back to the default, so later tests see the demo's recordings.
  await page.getByTestId("retention-form").getByLabel("Call recordings (days)").fill("30");
  await page.getByTestId("retention-form").getByRole("button", { name: "Save retention" }).click();
  await expect(page.getByTestId("retention-form").getByText(/Saved/)).toBeVisible();
  guard.assertClean();
});

test("an admin sees no export and is refused it", async ({ context, signIn }) => {
  await signIn("admin@demo.test");
  expect((await context.request.get("/demo/settings/export")).status()).toBe(403);
});
