import { type Page } from "@playwright/test";
import { DEMO_PASSWORD, signInThroughUi, signUpThroughUi, submitSignIn } from "./support/auth";
import { guardPage } from "./support/page-guard";
import { workspaceSlugOf } from "./support/ready";
import { Secret, TOTP } from "otpauth";
import { E2E_ADMIN_PATH, E2E_STAFF_TOTP_SECRET, MAIN_URL } from "./support/servers";
import { expect, test } from "./support/session";

const ADMIN = E2E_ADMIN_PATH;

/** The demo operator's current authenticator code (SHA-1, 6 digits, 30 s: what every app computes). */
const currentCode = () => new TOTP({ secret: Secret.fromBase32(E2E_STAFF_TOTP_SECRET) }).generate();

async function staffSignIn(page: Page, code = currentCode()) {
  await page.goto(`${ADMIN}/sign-in`);
  await page.getByLabel("Email").fill("operator@demo.test");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByLabel("Authentication code").fill(code);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("the console answers only at its secret path, and only to staff", async ({ page, request, signIn }) => {
  for (const guess of ["/admin", "/ops", "/operator-console", "/operator-console/lockouts", `${ADMIN}x`]) {
    expect((await request.get(guess, { maxRedirects: 0 })).status(), guess).toBe(404);
  }
  // A forged rewrite marker is stripped by the proxy.
  expect((await request.get("/operator-console", { headers: { "x-switchboard-console": "1" } })).status()).toBe(404);
  const signedOut = await request.get(ADMIN, { maxRedirects: 0 });
  expect(signedOut.status()).toBe(307);
  expect(signedOut.headers()["location"]).toContain(`${ADMIN}/sign-in`);
  expect(signedOut.headers()["cache-control"]).toBe("no-store");

  // A member's session is not a staff session, and a member's password does not open it.
  await signIn("owner@demo.test");
  await page.goto(ADMIN);
  await expect(page).toHaveURL(`${MAIN_URL}${ADMIN}/sign-in`);
  await page.getByLabel("Email").fill("owner@demo.test");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByLabel("Authentication code").fill("123456");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.locator("main").getByRole("alert")).toHaveText("Incorrect email, password or authentication code.");
  // The operator's own password without a valid code does not open it either.
  await staffSignIn(page, currentCode() === "000000" ? "111111" : "000000");
  await expect(page.locator("main").getByRole("alert")).toHaveText("Incorrect email, password or authentication code.");
});

test("an operator clears a member's lockout, suspends their workspace and lifts it, then signs out", async ({ browser }) => {
  const memberContext = await browser.newContext({ baseURL: MAIN_URL });
  const member = await memberContext.newPage();
  const account = await signUpThroughUi(member, "suspended");
  for (let i = 0; i < 5; i++) await submitSignIn(member, account.email, "not my password at all");
  await expect(member.locator("main").getByRole("alert")).toContainText(/locked|Too many/i);

  const staffContext = await browser.newContext({ baseURL: MAIN_URL });
  const page = await staffContext.newPage();
  const guard = await guardPage(page);
  await staffSignIn(page);
  await expect(page.getByRole("heading", { name: "Workspaces", level: 1 })).toBeVisible();
  const cookie = (await staffContext.cookies()).find((c) => c.name === "sb.ops");
  expect(cookie).toMatchObject({ path: ADMIN, httpOnly: true, sameSite: "Strict" });

  // The lockout is listed and security events show why.
  await page.getByRole("link", { name: "Security events" }).click();
  await page.getByLabel("Type").selectOption("account_locked");
  await expect(page).toHaveURL(/type=account_locked/);
  await expect(page.getByTestId("security-event-row").first()).toContainText("account_locked");
  await page.getByRole("link", { name: "Lockouts" }).click();
  await expect(page.getByTestId("lockout-row").first()).toBeVisible();
  await page.getByLabel("Member's email address").fill(account.email);
  await page.getByRole("button", { name: "Clear lockout" }).click();
  await expect(page.getByText("Lockout cleared: the member can sign in again.")).toBeVisible();
  await signInThroughUi(member, account.email, account.password);
  await expect(member.getByRole("heading", { level: 1 })).toHaveText(account.workspace);
  const slug = workspaceSlugOf(member.url());

  // Find the workspace, suspend it: a reason is required.
  await page.getByRole("link", { name: "Workspaces" }).click();
  await page.getByLabel("Slug or name").fill(slug);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByTestId("console-workspace-row")).toHaveCount(1);
  await page.getByRole("link", { name: account.workspace }).click();
  // Markup is not a reason: refused with the reason why, and the text stays for correcting.
  await page.getByLabel(/^Reason/).fill("<b>x</b>");
  await page.getByRole("button", { name: "Suspend workspace" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "at least 5 characters" })).toBeVisible();
  await expect(page.getByLabel(/^Reason/)).toHaveValue("<b>x</b>");
  await page.getByLabel(/^Reason/).fill("Card disputes under review <script>alert(1)</script>");
  await page.getByRole("button", { name: "Suspend workspace" }).click();
  await expect(page.getByTestId("console-suspension-reason")).toHaveText("Reason: Card disputes under review");
  await expect(page.getByTestId("workspace-status")).toHaveText("suspended");
  await page.screenshot({ path: "test-results/screens/console-suspended.png", fullPage: true });

  // The owner sees it on every page, with the reason.
  await member.reload();
  await expect(member.getByTestId("workspace-suspended-banner")).toBeVisible();
  await expect(member.getByTestId("suspension-reason")).toHaveText("Card disputes under review");

  await page.getByRole("button", { name: "Lift suspension" }).click();
  await expect(page.getByTestId("workspace-status")).toHaveText("active");
  await member.reload();
  await expect(member.getByTestId("workspace-suspended-banner")).toHaveCount(0);

  // Both actions are in the workspace's own log; sign-in and the cleared lockout in the platform's.
  await page.reload();
  await expect(page.getByText("workspace.suspended")).toBeVisible();
  await expect(page.getByText("workspace.unsuspended")).toBeVisible();
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Platform audit log" })).toBeVisible();
  await expect(page.getByText("lockout.cleared").first()).toBeVisible();
  await expect(page.getByTestId("chain-badge")).toHaveAttribute("data-state", "verified");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(`${MAIN_URL}${ADMIN}/sign-in`);
  await page.goto(ADMIN);
  await expect(page).toHaveURL(`${MAIN_URL}${ADMIN}/sign-in`);
  guard.assertClean();
  await memberContext.close();
  await staffContext.close();
});
