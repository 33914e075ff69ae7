import { request as playwrightRequest, type Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { DEMO_PASSWORD, signUpThroughUi } from "./support/auth";
import { E2E_SECURE_TOTP_SECRET, MAIN_URL } from "./support/servers";
import { expect, test } from "./support/session";

/**
 * Two-factor authentication (SPEC §1, issue 15): the credentials contract against the demo's
 * secure@demo.test, an authenticator app set up and used through the UI, a recovery code, sudo
 * mode with the factor, and the workspace policy sending a member without one to enrolment.
 */

const STEP_MS = 30_000;
/** RFC 6238 as authenticator apps compute it (SHA-1, 6 digits, 30 s). */
const currentCode = (base32: string, now: number) => new TOTP({ secret: Secret.fromBase32(base32) }).generate({ timestamp: now });

/** A code of a step after `usedStep` (waiting for the next step when needed), and its step. */
async function freshCode(secret: string, usedStep: number): Promise<{ code: string; step: number }> {
  let now = Date.now();
  if (Math.floor(now / STEP_MS) <= usedStep) {
    await new Promise((resolve) => setTimeout(resolve, (usedStep + 1) * STEP_MS - now + 250));
    now = Date.now();
  }
  return { code: currentCode(secret, now), step: Math.floor(now / STEP_MS) };
}

async function postCredentials(fields: Record<string, string>) {
  const request = await playwrightRequest.newContext({ baseURL: MAIN_URL });
  const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
  const response = await request.post("/api/auth/callback/credentials", { form: { csrfToken, callbackUrl: "/", ...fields }, headers: { origin: MAIN_URL }, maxRedirects: 0 });
  const session = await (await request.get("/api/auth/session")).json();
  await request.dispose();
  return { status: response.status(), location: response.headers().location ?? "", signedIn: Boolean(session?.user) };
}

test("the credentials contract: secure@demo.test needs its code, and a code works once", async () => {
  const withoutCode = await postCredentials({ email: "secure@demo.test", password: DEMO_PASSWORD });
  expect(withoutCode.location).toContain("error=mfa_required");
  expect(withoutCode.signedIn).toBe(false);

  const wrong = await postCredentials({ email: "secure@demo.test", password: DEMO_PASSWORD, otp: "000000" });
  expect(wrong.location).toContain("error=invalid_otp");
  expect(wrong.signedIn).toBe(false);

  const { code } = await freshCode(E2E_SECURE_TOTP_SECRET, -1);
  const right = await postCredentials({ email: "secure@demo.test", password: DEMO_PASSWORD, otp: code });
  expect(right.location).not.toContain("error=");
  expect(right.signedIn).toBe(true);

  const replayed = await postCredentials({ email: "secure@demo.test", password: DEMO_PASSWORD, otp: code });
  expect(replayed.location).toContain("error=invalid_otp");
  expect(replayed.signedIn).toBe(false);
});

/** Sets up an authenticator app on the account page (sudo mode with the password first); returns its secret, the step used, and the recovery codes. */
async function setUpAuthenticator(page: Page, password: string) {
  await page.goto("/account#two-factor");
  await page.getByRole("button", { name: "Set up authenticator app" }).click();
  // Setting up a factor is a sensitive change: sudo mode first, with the password (no factor yet).
  const inline = page.getByTestId("step-up-inline");
  await inline.getByLabel("Password").fill(password);
  await inline.getByRole("button", { name: "Confirm" }).click();
  await expect(inline.getByText("Sensitive actions are unlocked")).toBeVisible({ timeout: 20_000 });
  await page.getByRole("button", { name: "Set up authenticator app" }).click();

  const secret = (await page.getByTestId("totp-secret").textContent())!.replace(/\s+/g, "");
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const { code, step } = await freshCode(secret, -1);
  await page.getByLabel("Code from the app").fill(code);
  await page.getByRole("button", { name: "Verify and turn on" }).click();
  await expect(page.getByTestId("recovery-codes")).toBeVisible({ timeout: 20_000 });
  const codes = await page.getByTestId("recovery-code").allTextContents();
  expect(codes).toHaveLength(10);
  return { secret, step, codes };
}

async function signInWithPassword(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Two-factor authentication" })).toBeVisible();
}

test("a member sets up an authenticator app, signs in with a code, then with a recovery code, and confirms sudo mode with one", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const account = await signUpThroughUi(page, "totp", { confirm: "here" });

  const { secret, step: enrolledStep, codes } = await setUpAuthenticator(page, account.password);
  const enrolled = { step: enrolledStep };

  // A new browser: the password, then the code of a step not used yet.
  const second = await browser.newContext({ baseURL: MAIN_URL });
  const other = await second.newPage();
  await signInWithPassword(other, account.email, account.password);
  const { code } = await freshCode(secret, enrolled.step);
  await other.getByLabel("Authentication code").fill(code);
  await other.getByRole("button", { name: "Verify", exact: true }).click();
  await expect(other).toHaveURL((url) => !url.pathname.startsWith("/sign-in"));
  await second.close();

  // Another browser, with a recovery code instead (a lost phone).
  const third = await browser.newContext({ baseURL: MAIN_URL });
  const lost = await third.newPage();
  await signInWithPassword(lost, account.email, account.password);
  await lost.getByLabel("Authentication code").fill(codes[0]!);
  await lost.getByRole("button", { name: "Verify", exact: true }).click();
  await expect(lost).toHaveURL((url) => !url.pathname.startsWith("/sign-in"));
  // The same recovery code never works twice.
  const fourth = await browser.newContext({ baseURL: MAIN_URL });
  const again = await fourth.newPage();
  await signInWithPassword(again, account.email, account.password);
  await again.getByLabel("Authentication code").fill(codes[0]!);
  await again.getByRole("button", { name: "Verify", exact: true }).click();
  await expect(again.getByText("That code is not valid")).toBeVisible();
  await fourth.close();

  // Sudo mode asks this user for the factor, not the password.
  await lost.goto("/account");
  const sudo = lost.getByTestId("step-up-code-form");
  await expect(lost.getByTestId("recovery-codes-left")).toHaveText("9");
  await sudo.getByLabel("Authentication code").fill(codes[1]!);
  await sudo.getByRole("button", { name: "Confirm" }).click();
  // The page re-renders in sudo mode (the prompt gives way to the state).
  await expect(lost.getByText("Sudo mode is on")).toBeVisible({ timeout: 20_000 });
  await third.close();
});

test("an owner requires two-factor authentication and a member without it is sent to set it up", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const owner = await signUpThroughUi(page, "policy", { confirm: "here" });
  const slug = new URL(page.url()).pathname.split("/")[1]!;
  const invitee = `member-${Date.now().toString(36)}@example.com`;

  await page.goto(`/${slug}/team`);
  await page.getByLabel("Email address").fill(invitee);
  await page.getByLabel("Role").selectOption("developer");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${invitee}`)).toBeVisible();

  const memberContext = await browser.newContext({ baseURL: MAIN_URL });
  const member = await memberContext.newPage();
  await member.goto(`/dev/outbox?to=${encodeURIComponent(invitee)}`);
  const link = /(http\S+\/invitations\/accept\?token=\S+)/.exec((await member.getByTestId("outbox-body").first().textContent()) ?? "")?.[1];
  await member.goto(link!);
  await member.getByLabel("Your name").fill("Policy Member");
  await member.getByLabel("Password").fill("a member's own long passphrase");
  await member.getByRole("button", { name: "Create account and join" }).click();
  await expect(member).toHaveURL(new RegExp(`/${slug}$`));

  // Without a second factor of their own the owner cannot require one.
  await page.goto(`/${slug}/settings`);
  const uncovered = page.getByTestId("two-factor-uncovered");
  await expect(uncovered).toContainText(owner.email);
  await expect(page.getByRole("button", { name: "Require two-factor authentication" })).toBeDisabled();
  // Set up (in sudo mode, which stays on for the switch), then exactly the member is listed.
  await setUpAuthenticator(page, owner.password);
  await page.goto(`/${slug}/settings`);
  await expect(uncovered).toContainText(invitee);
  await expect(uncovered).not.toContainText(owner.email);
  await page.getByRole("button", { name: "Require two-factor authentication" }).click();
  await expect(page.getByText("Two-factor authentication is now required.")).toBeVisible();

  // The member, on their next visit, is sent to enrolment and told why.
  await member.goto(`/${slug}/calls`);
  await expect(member).toHaveURL(/\/account\?two_factor_required=/);
  await expect(member.getByTestId("two-factor-required-notice")).toContainText("requires two-factor authentication");
  await memberContext.close();
});
