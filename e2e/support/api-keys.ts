import { expect, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "./auth";

/** Opens the API keys page and turns sudo mode on there with the demo password. */
export async function openKeysInSudoMode(page: Page, slug = "demo") {
  await page.goto(`/${slug}/developers/api-keys`);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText("Sudo mode is on")).toBeVisible();
}

/**
 * Creates a test-mode key that reads call logs through the page (sudo mode must be on) and
 * returns its one-time value.
 */
export async function createTestKeyThroughUi(page: Page, name: string): Promise<string> {
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Mode").selectOption("test");
  await page.getByRole("checkbox", { name: /Read call logs/ }).check();
  await page.getByRole("button", { name: "Create key" }).click();
  return (await page.getByTestId("new-key-value").textContent())!.trim();
}
