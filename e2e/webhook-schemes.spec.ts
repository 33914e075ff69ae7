import { createPublicKey, verify } from "node:crypto";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { startReceiver } from "../test/support/webhook-receiver";
import { DEMO_PASSWORD } from "./support/auth";
import { guardPage } from "./support/page-guard";
import { pageReady } from "./support/ready";
import { expect, test } from "./support/session";
import { checkBothSchemes } from "./support/schemes";

/**
 * The signature scheme in the dashboard (decision 049): an endpoint created with Ed25519
 * delivers `v1a` signatures that verify with the keys at the URL its page shows; switched to
 * Standard Webhooks HMAC it delivers `v1` that the standardwebhooks library verifies; the
 * workspace's key is rotated in sudo mode. axe in light and dark, and at 375 px.
 */
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let url: string;
test.beforeAll(async () => {
  receiver = await startReceiver();
  url = receiver.url("/schemes");
});
test.afterAll(() => receiver.close());

const header = (i: number, name: string) => String(receiver.hits[i]!.headers[name] ?? "");

test("an Ed25519 endpoint's deliveries verify with its published keys; switched to Standard Webhooks HMAC they verify with standardwebhooks", async ({ page, signIn }) => {
  await signIn("developer@demo.test");
  const guard = await guardPage(page);
  await page.goto("/demo/developers/webhooks?mode=test");
  await pageReady(page, /Webhooks/);
  await page.getByLabel("Endpoint URL").fill(url);
  await page.getByLabel("Signature scheme").selectOption("standard-ed25519");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  const secret = (await page.getByTestId("new-secret-value").textContent())!.trim();
  await page.getByRole("link", { name: "Open the endpoint →" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(url);
  const keysUrl = (await page.getByTestId("signing-keys-url").textContent())!.trim();
  expect(keysUrl).toMatch(/\/\.well-known\/switchboard\/webhook-keys\/[0-9a-f-]{36}\.json$/);
  await expect(page.getByText("receiver-ed25519.mjs", { exact: true })).toBeVisible();
  await checkBothSchemes(page, "webhook-scheme-ed25519");

  await page.getByRole("button", { name: "Send test event" }).click();
  await expect.poll(() => receiver.hits.length, { timeout: 15_000 }).toBe(1);
  const jwks = (await (await page.request.get(keysUrl)).json()) as { keys: { kty: string; crv: string; x: string }[] };
  const signed = Buffer.from(`${header(0, "webhook-id")}.${header(0, "webhook-timestamp")}.${receiver.hits[0]!.body}`);
  const [version, signature] = header(0, "webhook-signature").split(",");
  expect(version).toBe("v1a");
  expect(jwks.keys.some((jwk) => verify(null, signed, createPublicKey({ key: jwk, format: "jwk" }), Buffer.from(signature!, "base64")))).toBe(true);

  // Rotating the workspace's signing key needs sudo mode.
  await pageReady(page, url);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await expect(page.getByLabel("Password")).toHaveValue(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText("Sudo mode is on")).toBeVisible({ timeout: 15_000 });
  await page.getByRole("button", { name: "Rotate signing key" }).click();
  await expect(page.getByText(/New signing key .* published and signing/)).toBeVisible();
  await page.reload();
  await expect(page.getByRole("list", { name: "Signing keys" }).getByRole("listitem")).toHaveCount(2);

  await page.getByLabel("Signature scheme").selectOption("standard");
  await page.getByRole("button", { name: "Save scheme" }).click();
  await expect(page.getByText("The next delivery attempt is signed with this scheme.")).toBeVisible();
  await page.reload();
  await expect(page.getByText("receiver-standard.mjs", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect.poll(() => receiver.hits.length, { timeout: 15_000 }).toBe(2);
  expect(header(1, "webhook-signature")).toMatch(/^v1,/);
  const standardSecret = `whsec_${Buffer.from(secret.slice(6), "base64url").toString("base64")}`;
  const flat = Object.fromEntries(Object.entries(receiver.hits[1]!.headers).map(([k, v]) => [k, String(v)]));
  expect(() => new StandardWebhook(standardSecret).verify(receiver.hits[1]!.body, flat)).not.toThrow();

  await page.setViewportSize({ width: 375, height: 812 });
  await page.reload();
  await pageReady(page, url);
  await checkBothSchemes(page, "webhook-scheme-375");
  guard.assertClean();
});
