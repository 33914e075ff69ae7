import { startReceiver } from "../test/support/webhook-receiver";
import { guardPage } from "./support/page-guard";
import { pageReady } from "./support/ready";
import { expect, test } from "./support/session";
import { checkBothSchemes } from "./support/schemes";

/**
 * Issue 20 items 2 and 3 in the dashboard: a real receiver on loopback answers 410 Gone, the
 * worker disables the endpoint, the page says why and enables it in one click, and "Recover
 * failed" sends the failed event again as a background job whose progress the card shows.
 */
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let url: string;
test.beforeAll(async () => {
  receiver = await startReceiver();
  receiver.always("/gone-hooks", { status: 410 });
  url = receiver.url("/gone-hooks");
});
test.afterAll(() => receiver.close());
const received = () => receiver.hits.map((h) => h.eventId);

test("a 410 disables the endpoint; one click enables it; a recovery re-sends the failed event with progress", async ({ page, signIn }) => {
  await signIn("developer@demo.test");
  const guard = await guardPage(page);
  await page.goto("/demo/developers/webhooks?mode=test");
  await pageReady(page, /Webhooks/);
  await page.getByLabel("Endpoint URL").fill(url);
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await page.getByRole("link", { name: "Open the endpoint →" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(url);

  await page.getByRole("button", { name: "Send test event" }).click();
  await expect.poll(() => received().length, { timeout: 15_000 }).toBe(1);
  const banner = page.getByText(/Switchboard disabled this endpoint/);
  await expect
    .poll(async () => {
      await page.reload();
      return banner.isVisible();
    }, { timeout: 15_000 })
    .toBe(true);
  await expect(banner).toContainText("410 Gone");
  await pageReady(page, url);
  await checkBothSchemes(page, "webhook-disabled");

  receiver.always("/gone-hooks", { status: 200 });
  await page.getByRole("button", { name: "Enable endpoint" }).click();
  await expect(banner).toBeHidden({ timeout: 15_000 });
  await expect(page.getByText(/Test endpoint · enabled/)).toBeVisible();

  await page.getByLabel("Failed deliveries from").selectOption("1");
  await page.getByRole("button", { name: "Recover failed" }).click();
  const progress = page.getByTestId("recovery-progress");
  // The card refreshes itself while the job runs.
  await expect(progress).toContainText("Completed: 1 event queued again.", { timeout: 20_000 });
  await expect(progress.getByRole("progressbar")).toHaveAttribute("value", "100");
  await expect.poll(() => received().length, { timeout: 15_000 }).toBe(2);
  expect(received()[1]).toBe(received()[0]); // the same event, its id unchanged
  await checkBothSchemes(page, "webhook-recovered");

  await page.setViewportSize({ width: 375, height: 812 });
  await page.reload();
  await pageReady(page, url);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.screenshot({ path: "test-results/screens/webhook-recovered-375.png", fullPage: true });
  guard.assertClean();
});
