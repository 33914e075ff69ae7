import { expect, test } from "@playwright/test";
import { confirmEmailThroughUi, confirmInlineSudo, DEMO_PASSWORD, signInThroughUi, signInViaApi, signUpThroughUi, submitSignIn, verificationLink } from "./support/auth";
import { confirmIn } from "./support/confirm";
import { MAIN_URL } from "./support/servers";

test.describe("identity", () => {
  test("sign-up → the emailed link → signed in, in a usable workspace", async ({ page }) => {
    const account = await signUpThroughUi(page, "signup", { confirm: "no" });
    await expect(page.getByTestId("check-email")).toContainText("Check your email");
    // Nothing is usable before the link: the password does not sign in yet.
    await submitSignIn(page, account.email, account.password);
    await expect(page.locator("main").getByRole("alert")).toContainText("Confirm your email address first");
    await confirmEmailThroughUi(page, account);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(account.workspace);
    await expect(page.getByText("owner", { exact: true })).toBeVisible();
    await page.screenshot({ path: "test-results/screens/dashboard.png", fullPage: true });
    // Usable: the owner invites a colleague (a write the workspace accepts).
    await page.goto(`${new URL(page.url()).pathname}/team`);
    await page.getByLabel("Email address").fill(`colleague-${Date.now().toString(36)}@example.com`);
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByText(/Invitation sent to/)).toBeVisible();
    // The link works once.
    await page.goto(await verificationLink(page, account.email));
    await expect(page.locator("main").getByRole("alert")).toContainText("invalid, used or expired");
  });

  test("the link opened in another browser asks for the sign-up's password", async ({ page, browser }) => {
    const account = await signUpThroughUi(page, "elsewhere", { confirm: "no" });
    const other = await browser.newContext({ baseURL: MAIN_URL });
    const b = await other.newPage();
    await b.goto(await verificationLink(b, account.email));
    await b.getByLabel("Password").fill("not the sign-up password");
    await b.getByRole("button", { name: `Confirm and open ${account.workspace}` }).click();
    await expect(b.getByText("That password is not correct.")).toBeVisible();
    await b.getByLabel("Password").fill(account.password);
    await b.getByRole("button", { name: `Confirm and open ${account.workspace}` }).click();
    await expect(b.getByRole("heading", { level: 1 })).toHaveText(account.workspace);
    await other.close();
  });

  test("a wrong password and an unknown email get the same message", async ({ page }) => {
    await submitSignIn(page, "owner@demo.test", "definitely not it!!");
    const wrong = await page.locator("main").getByRole("alert").textContent();
    await submitSignIn(page, "no-such-user@demo.test", "definitely not it!!");
    const unknown = await page.locator("main").getByRole("alert").textContent();
    expect(wrong).toBe("Incorrect email or password.");
    expect(unknown).toBe(wrong);
  });

  test("signing in works without client JavaScript", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL: MAIN_URL });
    const page = await context.newPage();
    await signInThroughUi(page, "viewer@demo.test", DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/demo$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Demo Workspace");
    await context.close();
  });

  test("signing up works without client JavaScript, and a weak password is explained", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL: MAIN_URL });
    const page = await context.newPage();
    const email = `nojs-${Date.now().toString(36)}@example.com`;
    await page.goto("/sign-up");
    await page.getByLabel("Your name").fill("No Script");
    await page.getByLabel("Work email").fill(email);
    await page.getByLabel("Password").fill("password12345");
    await page.getByLabel("Workspace name").fill("No Script Inc");
    await page.getByRole("button", { name: "Create workspace" }).click();
    await expect(page.getByText("This password is too common")).toBeVisible();
    await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Work email")).toHaveValue(email);
    await page.getByLabel("Password").fill("a much less guessable phrase");
    await page.getByRole("button", { name: "Create workspace" }).click();
    await expect(page.getByTestId("check-email")).toContainText("Check your email");
    await context.close();
  });

  test("a password change signs out the other browser on its next request", async ({ browser }) => {
    const a = await browser.newContext({ baseURL: MAIN_URL });
    const b = await browser.newContext({ baseURL: MAIN_URL });
    const pageA = await a.newPage();
    const account = await signUpThroughUi(pageA, "pwchange");
    await signInViaApi(a.request, MAIN_URL, account.email, account.password);
    await signInViaApi(b.request, MAIN_URL, account.email, account.password);
    const pageB = await b.newPage();
    await pageB.goto("/account");
    await expect(pageB.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();

    await pageA.goto("/account");
    await pageA.getByLabel("Current password").fill(account.password);
    await pageA.getByLabel("New password", { exact: true }).fill("a different long passphrase");
    await pageA.getByLabel("Repeat the new password").fill("a different long passphrase");
    await pageA.getByRole("button", { name: "Change password" }).click();
    await expect(pageA.getByRole("status")).toContainText("1 other session was signed out");

    await pageB.reload();
    await expect(pageB).toHaveURL(/\/sign-in/);
    await pageA.reload();
    await expect(pageA.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();
    await a.close();
    await b.close();
  });

  test("a revoked session stops at once", async ({ browser }) => {
    const a = await browser.newContext({ baseURL: MAIN_URL });
    const b = await browser.newContext({ baseURL: MAIN_URL });
    await signInViaApi(a.request, MAIN_URL, "developer@demo.test");
    await signInViaApi(b.request, MAIN_URL, "developer@demo.test");
    const pageA = await a.newPage();
    await pageA.goto("/account");
    const rows = pageA.getByTestId("session-row");
    const revoke = rows.filter({ hasNot: pageA.getByText("This device") }).first().getByRole("button", { name: "Revoke" });
    await pageA.getByRole("button", { name: /Sign out of all other sessions/ }).click();
    await confirmIn(pageA, "Sign out other sessions");
    // Sudo mode first (decision 030): a stolen session cannot sign its owner out everywhere else.
    await confirmInlineSudo(pageA.locator("main"));
    await expect(revoke).toHaveCount(1);
    await pageA.getByRole("button", { name: /Sign out of all other sessions/ }).click();
    await confirmIn(pageA, "Sign out other sessions");
    await expect(revoke).toHaveCount(0);
    const pageB = await b.newPage();
    const response = await pageB.goto("/demo");
    expect(response?.url()).toMatch(/\/sign-in/);
    await a.close();
    await b.close();
  });

  test("revoking one other session asks for sudo mode first, then removes it from the list", async ({ browser }) => {
    const a = await browser.newContext({ baseURL: MAIN_URL });
    const b = await browser.newContext({ baseURL: MAIN_URL });
    await signInViaApi(a.request, MAIN_URL, "billing@demo.test");
    await signInViaApi(b.request, MAIN_URL, "billing@demo.test");
    const pageA = await a.newPage();
    await pageA.goto("/account");
    const others = pageA.getByTestId("session-row").filter({ hasNot: pageA.getByText("This device") });
    const count = await others.count();
    expect(count).toBeGreaterThan(0);
    await others.last().getByRole("button", { name: "Revoke" }).click();
    await confirmIn(pageA, "Revoke session");
    // A stolen session cannot end its owner's sessions one by one either (decision 040).
    await confirmInlineSudo(pageA.locator("main"));
    await expect(others).toHaveCount(count);
    await others.last().getByRole("button", { name: "Revoke" }).click();
    await confirmIn(pageA, "Revoke session");
    await expect(others).toHaveCount(count - 1);
    await a.close();
    await b.close();
  });

  test("password reset through the emailed link works once", async ({ page }) => {
    const account = await signUpThroughUi(page, "reset");
    await page.goto("/forgot-password");
    await page.getByLabel("Email").fill(account.email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect(page.getByRole("status")).toContainText("If an account exists");

    await page.goto(`/dev/outbox?to=${encodeURIComponent(account.email)}`);
    const body = await page.getByTestId("outbox-body").first().textContent();
    const link = /(http\S+reset-password\?token=\S+)/.exec(body ?? "")?.[1];
    expect(link).toBeTruthy();

    await page.goto(link!);
    await page.getByLabel("New password", { exact: true }).fill("my freshly reset passphrase");
    await page.getByLabel("Repeat the new password").fill("my freshly reset passphrase");
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page).toHaveURL(/notice=reset/);
    await signInThroughUi(page, account.email, "my freshly reset passphrase");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(account.workspace);

    await page.goto(link!);
    await expect(page.locator("main").getByRole("alert")).toContainText("invalid, used or expired");
  });

  test("a cross-origin POST that carries the session cookie is refused", async ({ browser }) => {
    const context = await browser.newContext({ baseURL: MAIN_URL });
    await signInViaApi(context.request, MAIN_URL, "agent@demo.test");
    const refused = await context.request.post("/account", {
      headers: { origin: "https://evil.example", accept: "application/json" },
      form: { anything: "1" },
    });
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.code).toBe("CSRF_REJECTED");
    const sameSiteFetch = await context.request.post("/account", {
      headers: { "sec-fetch-site": "cross-site", accept: "application/json" },
      form: { anything: "1" },
    });
    expect(sameSiteFetch.status()).toBe(403);
    await context.close();
  });

  test("a cookie-carrying POST with neither Origin nor Sec-Fetch-Site is refused; one without cookies is not", async ({ browser, request }) => {
    const context = await browser.newContext({ baseURL: MAIN_URL });
    await signInViaApi(context.request, MAIN_URL, "agent@demo.test");
    // Playwright's request API sends neither header: a script replaying a browser's cookie.
    const page = await context.request.post("/account", { headers: { accept: "text/html" }, form: { anything: "1" } });
    expect(page.status()).toBe(403);
    expect(page.headers()["content-type"]).toContain("text/html");
    expect(await page.text()).toContain("Request refused");
    const api = await context.request.post("/api/v1/webhook-endpoints", { headers: { accept: "application/json" }, data: {} });
    expect(api.status()).toBe(403);
    expect((await api.json()).error).toMatchObject({ code: "CSRF_REJECTED", request_id: api.headers()["x-request-id"] });
    const deleted = await context.request.delete("/api/v1/webhook-endpoints/00000000-0000-0000-0000-000000000000", { headers: { accept: "application/json" } });
    expect(deleted.status()).toBe(403);
    await context.close();

    // No cookie (an API client, Stripe's webhook): judged by its key or signature, not refused here.
    const apiClient = await request.post(`${MAIN_URL}/api/v1/webhook-endpoints`, { headers: { "x-api-key": "sb_live_sk_not-a-key" }, data: {} });
    expect(apiClient.status()).toBe(401);
    expect((await apiClient.json()).error.code).toBe("INVALID_API_KEY");
    const stripe = await request.post(`${MAIN_URL}/api/webhooks/stripe`, { data: "{}" });
    expect(stripe.status()).not.toBe(403);
  });

  test("session cookies are HttpOnly and SameSite=Lax, never readable by scripts", async ({ browser }) => {
    const context = await browser.newContext({ baseURL: MAIN_URL });
    await signInViaApi(context.request, MAIN_URL, "billing@demo.test");
    const session = (await context.cookies()).find((c) => c.name === "sb.session");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    const page = await context.newPage();
    await page.goto("/demo");
    expect(await page.evaluate(() => document.cookie)).not.toContain("sb.session");
    await context.close();
  });
});
