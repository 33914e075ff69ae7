import { expect, test, type Page } from "@playwright/test";
import { signUpThroughUi } from "./support/auth";
import { PASSKEYS_URL } from "./support/servers";

/**
 * Passkeys end to end (issue 15) on the instance whose APP_URL is localhost (a WebAuthn RP id
 * must be a domain name), with Chromium's virtual authenticator (CTAP2, internal, resident
 * keys, user verification): a member enrols a passkey on the account page, signs out, signs
 * in with the passkey alone, and confirms a sensitive action (removing it) with it.
 */
test.use({ baseURL: PASSKEYS_URL });

async function virtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
}

test("a member enrols a passkey, signs in with it alone, and confirms sudo mode with it", async ({ page }) => {
  await virtualAuthenticator(page);
  const account = await signUpThroughUi(page, "passkey", { confirm: "here" });

  await page.goto("/account");
  const passkeys = page.getByRole("region", { name: "Passkeys" }).or(page.locator("section[aria-labelledby='passkeys-heading']"));
  await passkeys.getByLabel("Name").fill("Virtual key");
  await passkeys.getByRole("button", { name: "Add a passkey" }).click();
  // Adding needs sudo mode: the password, right there, then again.
  const prompt = passkeys.getByTestId("step-up-inline");
  await prompt.getByLabel("Password").fill(account.password);
  await prompt.getByRole("button", { name: "Confirm" }).click();
  await expect(prompt.getByText(/Sensitive actions are unlocked/)).toBeVisible();
  await passkeys.getByRole("button", { name: "Add a passkey" }).click();
  await expect(passkeys.getByText('Passkey "Virtual key" added.')).toBeVisible();
  await expect(passkeys.getByTestId("recovery-code")).toHaveCount(10);
  await expect(passkeys.getByTestId("passkey-row")).toContainText("Virtual key");

  await page.getByRole("button", { name: "Sign out" }).first().click();
  await page.waitForURL(/\/sign-in/);
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await page.waitForURL((url) => url.pathname !== "/sign-in");

  // A new session: sudo mode is off, and the passkey confirms it.
  await page.goto("/account");
  await expect(page.getByTestId("passkey-row")).toContainText(/Last used/);
  await page.getByRole("button", { name: "Use a passkey" }).first().click();
  // The action's own message or, once the refreshed page has replaced the prompt, the Sudo mode card's status.
  await expect(page.getByText(/Sensitive actions are unlocked for 10 minutes|Sudo mode is on for 10 more minutes/).first()).toBeVisible({ timeout: 15_000 });
  await page.getByTestId("passkey-row").getByRole("button", { name: "Remove" }).click();
  await expect(page.getByText("Passkey removed.").or(page.getByText("No passkey yet")).first()).toBeVisible();
});
