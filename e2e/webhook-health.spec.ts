import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { guardPage } from "./support/page-guard";
import { pageReady } from "./support/ready";
import { expect, test } from "./support/session";
import { checkBothSchemes } from "./support/schemes";

/**
 * Delivery health on the endpoint page and the event catalogue (issue 20 items 4 and 6):
 * a real receiver on loopback answers 200 then 500, and the page counts both.
 */
let server: Server;
let url: string;
const answers: number[] = [];
let received = 0;
test.beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received++;
      res.writeHead(answers.shift() ?? 200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health-hooks`;
});
test.afterAll(() => {
  server.closeAllConnections();
  server.close();
});

test("an endpoint's delivery health counts a success and a failure, over 24 hours and 7 days", async ({ page, signIn }) => {
  // Two deliveries by the in-process worker, four axe passes and five full-page screenshots.
  test.slow();
  await signIn("developer@demo.test");
  const guard = await guardPage(page);
  await page.goto("/demo/developers/webhooks?mode=test");
  await pageReady(page, /Webhooks/);
  await page.getByLabel("Endpoint URL").fill(url);
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await page.getByRole("link", { name: "Open the endpoint →" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(url);

  const health = page.getByTestId("delivery-health");
  await expect(health.getByTestId("delivery-health-chart")).toContainText("No delivery attempts in the last 24 hours");
  await expect(health.getByTestId("health-success-rate")).toContainText("—");

  answers.push(200, 500);
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect.poll(() => received, { timeout: 15_000 }).toBe(1);
  await page.reload();
  await pageReady(page, url);
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect.poll(() => received, { timeout: 15_000 }).toBe(2);
  await expect
    .poll(async () => {
      await page.reload();
      return page.getByTestId("health-success-rate").textContent();
    }, { timeout: 15_000 })
    .toContain("1 of 2 attempts");
  await expect(health.getByTestId("health-success-rate")).toContainText("50.0 %");
  await expect(health.getByTestId("health-failing")).toContainText("Failing since");
  await expect(health.getByTestId("health-failing")).toContainText("disabled automatically in 5 days");
  // The chart's text alternative says what the bars show.
  await expect(health.getByRole("img")).toHaveAttribute("aria-label", /Delivery attempts per hour over the last 24 hours: 2 in total — 1 succeeded, 1 failed/);
  await checkBothSchemes(page, "webhook-health-24h");

  await health.getByRole("link", { name: "7 days" }).click();
  await expect(page).toHaveURL(/[?&]window=7d/);
  await expect(page.getByTestId("delivery-health").getByRole("link", { name: "7 days" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("delivery-health").getByRole("img")).toHaveAttribute("aria-label", /per 6 hours over the last 7 days: 2 in total/);
  // The live/test mode is kept: the endpoint is a test endpoint.
  await expect(page).toHaveURL(/mode=test/);
  await checkBothSchemes(page, "webhook-health-7d");

  await page.setViewportSize({ width: 375, height: 812 });
  await page.reload();
  await pageReady(page, url);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.screenshot({ path: "test-results/screens/webhook-health-375.png", fullPage: true });
  guard.assertClean();
});

test("the event catalogue lists every event type with a copyable example and its JSON Schema", async ({ page, context, signIn }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn("developer@demo.test");
  const guard = await guardPage(page);
  await page.goto("/demo/developers/webhooks");
  await pageReady(page, /Webhooks/);
  await page.getByRole("navigation", { name: "Workspace" }).first().getByRole("link", { name: "Events", exact: true }).click();
  await pageReady(page, /Webhook events/);
  const toc = page.getByRole("navigation", { name: "Event types" });
  await expect(toc.getByRole("link")).toHaveCount(7);
  await expect(page.getByTestId("webhook-event")).toHaveCount(7);
  await toc.getByRole("link", { name: "webhook_endpoint.disabled" }).click();
  await expect(page).toHaveURL(/#event-webhook-endpoint-disabled$/);

  const card = page.getByTestId("webhook-event").filter({ hasText: "call.completed" }).first();
  const copy = card.getByRole("button").first();
  await expect(copy).toHaveText("Copy call.completed example");
  // Clicked again until the client component answers: the first click may land before it is interactive.
  await expect(async () => {
    await copy.click();
    await expect(copy).toHaveText("Copied", { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as { type: string; data: { object: Record<string, unknown> } };
  expect(copied.type).toBe("call.completed");
  expect(copied.data.object).not.toHaveProperty("caller_number");
  await card.locator("summary", { hasText: "JSON Schema" }).click();
  await expect(card.locator("pre").nth(1)).toContainText('"additionalProperties": false');
  await checkBothSchemes(page, "webhook-events");
  await page.setViewportSize({ width: 375, height: 812 });
  await page.reload();
  await pageReady(page, /Webhook events/);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.screenshot({ path: "test-results/screens/webhook-events-375.png", fullPage: true });
  guard.assertClean();
});
