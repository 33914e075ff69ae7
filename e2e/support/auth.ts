import { expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";

export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? "demo-password-for-e2e";

/**
 * Signs in through next-auth's standard flow (GET /api/auth/csrf, POST the credentials) on
 * a request context; a browser context's `request` shares its cookies. Only auth.spec
 * drives the form itself.
 */
export async function signInViaApi(request: APIRequestContext, baseURL: string, email: string, password = DEMO_PASSWORD) {
  const { csrfToken } = await (await request.get(`${baseURL}/api/auth/csrf`)).json();
  const response = await request.post(`${baseURL}/api/auth/callback/credentials`, {
    form: { csrfToken, email, password, callbackUrl: "/" },
    headers: { origin: baseURL },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  return response;
}

let counter = 0;

type Account = { name: string; email: string; password: string; workspace: string };

/**
 * Creates a fresh account (and workspace) through the sign-up page and confirms its address
 * (decision 032): by default in a browser of its own with the password, so `page` stays
 * signed out as callers expect; `confirm: "here"` follows the link in `page` itself (signed
 * in, in the workspace); `"no"` leaves it pending. Returns its details.
 */
export async function signUpThroughUi(page: Page, prefix = "user", options: { confirm?: "elsewhere" | "here" | "no" } = {}): Promise<Account> {
  const id = `${prefix}-${Date.now().toString(36)}-${counter++}`;
  const account = { name: `Test ${id}`, email: `${id}@example.com`, password: `violet lamp orbit ${counter} ${Math.random().toString(36).slice(2, 8)}`, workspace: `Team ${id}` };
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill(account.name);
  await page.getByLabel("Work email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByLabel("Workspace name").fill(account.workspace);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByTestId("check-email")).toBeVisible();
  const confirm = options.confirm ?? "elsewhere";
  if (confirm === "here") await confirmEmailThroughUi(page, account);
  if (confirm === "elsewhere") {
    const origin = new URL(page.url()).origin;
    const context = await page.context().browser()!.newContext();
    await confirmEmailThroughUi(await context.newPage(), account, origin);
    // That browser signs out again, so the account starts with no session, as callers expect.
    const { csrfToken } = await (await context.request.get(`${origin}/api/auth/csrf`)).json();
    await context.request.post(`${origin}/api/auth/signout`, { form: { csrfToken }, headers: { origin }, maxRedirects: 0 });
    await context.close();
  }
  return account;
}

/** The newest verification link in the local outbox for `email`. */
export async function verificationLink(page: Page, email: string, origin = ""): Promise<string> {
  await page.goto(`${origin}/dev/outbox?to=${encodeURIComponent(email)}`);
  const body = await page.getByTestId("outbox-body").first().textContent();
  const link = /(http\S+\/verify-email\?token=\S+)/.exec(body ?? "")?.[1];
  expect(link, "a verification link in the outbox").toBeTruthy();
  return link!;
}

/** Follows the verification link and confirms (the password only where the page asks for it); ends signed in, in the workspace. */
export async function confirmEmailThroughUi(page: Page, account: Account, origin = "") {
  await page.goto(await verificationLink(page, account.email, origin));
  const password = page.getByLabel("Password");
  if (await password.count()) await password.fill(account.password);
  await page.getByRole("button", { name: `Confirm and open ${account.workspace}` }).click();
  await page.waitForURL((url) => url.pathname !== "/verify-email");
}

/**
 * Fills and submits the sign-in form and waits for what the user sees next — a refusal in the
 * page (wrong password, lockout, a 429) or another page — without asserting which (for
 * refusals). The form posts with fetch and only then navigates, so returning before that
 * would let the caller's next page.goto race (and abort) the navigation.
 */
export async function submitSignIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.locator("main").getByRole("alert").or(page.locator("body:not(:has(form[action='/api/auth/callback/credentials']))")).first()).toBeVisible();
}

/**
 * Signs in through the form and waits until the browser has left /sign-in, so a following
 * page.goto cannot race (and abort) the post-sign-in navigation.
 */
export async function signInThroughUi(page: Page, email: string, password: string) {
  await submitSignIn(page, email, password);
  await page.waitForURL((url) => url.pathname !== "/sign-in");
}

/** Answers the inline sudo prompt (components/step-up-inline) inside `scope`, then the action can be retried. */
export async function confirmInlineSudo(scope: Locator, password = DEMO_PASSWORD) {
  const prompt = scope.getByTestId("step-up-inline");
  await expect(prompt).toBeVisible();
  await prompt.getByLabel("Password").fill(password);
  await prompt.getByRole("button", { name: "Confirm" }).click();
  await expect(prompt.getByText(/Sensitive actions are unlocked/)).toBeVisible();
}
