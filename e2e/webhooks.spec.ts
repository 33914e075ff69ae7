import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyWebhook } from "../lib/webhooks/verify";
import { first, nth } from "../test/support/items";
import { DEMO_PASSWORD } from "./support/auth";
import { guardPage } from "./support/page-guard";
import { pageReady } from "./support/ready";
import { expect, test } from "./support/session";

/** A real receiver on loopback, verifying with the helper we publish for receivers. */
let server: Server;
let url: string;
const received: { headers: IncomingMessage["headers"]; body: string }[] = [];
test.beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end("thanks");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/switchboard`;
});
test.afterAll(() => {
  server.closeAllConnections();
  server.close();
});

test("a developer adds an endpoint, sends a test event, sees the signed delivery, and rotates the secret", async ({ page, signIn }) => {
  await signIn("developer@demo.test");
  const guard = await guardPage(page);
  await page.goto("/demo/developers/webhooks?mode=test");
  await pageReady(page, /Webhooks/);
  // An internal address is refused when saved.
  await page.getByLabel("Endpoint URL").fill("http://169.254.169.254/latest/meta-data");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  // The field's own error, once the action has answered: the page's hint also speaks of
  // private addresses, and filling the field before the answer lands would be undone by the
  // form's reset to what was submitted.
  await expect(page.getByLabel("Endpoint URL")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText(/169\.254\.169\.254 is a cloud metadata address/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Add endpoint" })).toBeEnabled();

  await page.getByLabel("Endpoint URL").fill(url);
  await page.getByRole("button", { name: "Add endpoint" }).click();
  const secret = (await page.getByTestId("new-secret-value").textContent())!.trim();
  expect(secret).toMatch(/^whsec_/);
  await page.getByRole("link", { name: "Open the endpoint →" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(url);

  await page.getByRole("button", { name: "Send test event" }).click();
  // The in-process worker delivers within a few seconds; the page shows it after a reload.
  await expect.poll(() => received.length, { timeout: 15_000 }).toBe(1);
  const hit = first(received, "webhook delivery");
  expect(hit.headers["x-switchboard-event-type"]).toBe("webhook.test");
  expect(() => verifyWebhook(hit.body, hit.headers["x-switchboard-signature"] as string, secret)).not.toThrow();
  await expect
    .poll(async () => {
      await page.reload();
      return page.getByTestId("delivery-status").first().textContent();
    }, { timeout: 15_000 })
    .toBe("succeeded");
  await page.getByTestId("delivery-row").first().locator("summary").click();
  await expect(page.getByTestId("attempt-row").first()).toContainText("200");

  // Rotating needs sudo mode; during the grace window both secrets sign. The page was last
  // reloaded by the poll above: typing waits until it is interactive again.
  await pageReady(page, url);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await expect(page.getByLabel("Password")).toHaveValue(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText("Sudo mode is on")).toBeVisible({ timeout: 15_000 });
  await page.getByRole("button", { name: "Rotate secret" }).click();
  const fresh = (await page.getByTestId("new-secret-value").textContent())!.trim();
  expect(fresh).not.toBe(secret);
  await page.reload();
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect.poll(() => received.length, { timeout: 15_000 }).toBe(2);
  const second = nth(received, 1, "webhook delivery");
  const header = second.headers["x-switchboard-signature"] as string;
  expect(header.match(/v1=/g)).toHaveLength(2);
  expect(() => verifyWebhook(second.body, header, fresh)).not.toThrow();
  expect(() => verifyWebhook(second.body, header, secret)).not.toThrow();
  await page.screenshot({ path: "test-results/screens/webhook-endpoint.png", fullPage: true });
  guard.assertClean();
});
