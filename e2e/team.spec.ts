import { type Locator, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "./support/auth";
import { MAIN_URL } from "./support/servers";
import { expect, test } from "./support/session";

/** Clicks a server-action button and waits for the action's answer. */
async function act(page: Page, button: Locator) {
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && r.request().headers()["next-action"] !== undefined);
  await button.click();
  await answered;
}

async function confirmSudo(page: Page) {
  const banner = page.getByText(/changing roles and permissions, and exporting or deleting data need a password/);
  if (await banner.isVisible()) {
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Confirm" }).click();
    await expect(page.getByText("Sudo mode is on")).toBeVisible();
  }
}

test("an owner invites an agent, who joins, sees only what an agent may, then gains a group's permission", async ({ browser, signIn }) => {
  const ownerContext = await browser.newContext({ baseURL: MAIN_URL });
  const owner = await ownerContext.newPage();
  await signIn("owner@demo.test", { context: ownerContext });
  const email = `agent-${Date.now().toString(36)}@example.com`;

  await owner.goto("/demo/team");
  await owner.getByLabel("Email address").fill(email);
  await owner.getByLabel("Role").selectOption("agent");
  await owner.getByRole("button", { name: "Send invitation" }).click();
  await expect(owner.getByText(`Invitation sent to ${email}`)).toBeVisible();
  await expect(owner.getByTestId("invitation-row").filter({ hasText: email })).toBeVisible();

  // The agent, in a browser of their own, follows the emailed link.
  const agentContext = await browser.newContext({ baseURL: MAIN_URL });
  const agent = await agentContext.newPage();
  await agent.goto(`/dev/outbox?to=${encodeURIComponent(email)}`);
  const body = await agent.getByTestId("outbox-body").first().textContent();
  const link = /(http\S+\/invitations\/accept\?token=\S+)/.exec(body ?? "")?.[1];
  expect(link).toBeTruthy();
  await agent.goto(link!);
  await expect(agent.getByRole("heading", { name: "Join Demo Workspace" })).toBeVisible();
  await agent.getByLabel("Your name").fill("Invited Agent");
  await agent.getByLabel("Password").fill("an agent's own passphrase");
  await agent.getByRole("button", { name: "Create account and join" }).click();
  // Accepting signs the invitee in (the invitation proved the address): straight into the workspace.
  await expect(agent).toHaveURL(/\/demo$/);

  const nav = agent.getByRole("navigation", { name: "Workspace", exact: true });
  // An agent's only area is the call log.
  await expect(nav.getByRole("link")).toHaveText(["Overview", "Calls"]);
  await expect(agent.getByTestId("my-permission")).toHaveText([/Read call logs/]);
  expect((await agent.goto("/demo/team"))?.status()).toBe(403);
  expect((await agent.goto("/demo/developers/api-keys"))?.status()).toBe(403);
  // The used link is spent.
  await agent.goto(link!);
  await expect(agent.getByText("invalid, used, revoked or expired")).toBeVisible();

  // The owner makes a coloured group that grants test calls and puts the agent in it.
  await owner.goto("/demo/groups");
  const groupName = `Night shift ${Date.now().toString(36)}`;
  await owner.getByLabel("Name").fill(groupName);
  await owner.getByText("Violet").click();
  await owner.getByRole("button", { name: "Create group" }).click();
  await expect(owner.getByRole("heading", { level: 1 })).toContainText(groupName);
  await confirmSudo(owner);
  await act(owner, owner.getByTestId("perm-test_calls:run").getByRole("button", { name: "Grant" }));
  await expect(owner.getByTestId("perm-test_calls:run").getByRole("button", { name: "Grant" })).toHaveAttribute("aria-pressed", "true");
  await owner.getByText("Add members").click();
  await act(owner, owner.getByRole("button", { name: "Add Invited Agent" }));
  await expect(owner.getByRole("button", { name: "Add Invited Agent" })).toHaveCount(0);

  await owner.goto("/demo/team");
  const row = owner.getByTestId("member-row").filter({ hasText: email });
  await expect(row.getByText(groupName)).toBeVisible();
  await expect(row.locator("span.bg-violet-100")).toHaveCount(1);

  await agent.goto("/demo");
  await expect(agent.getByTestId("my-permission")).toHaveText([/Read call logs/, /Run test calls/]);
  await expect(nav.getByRole("link")).toHaveText(["Overview", "Calls", "Test calls"]);
  await nav.getByRole("link", { name: "Test calls" }).click();
  await expect(agent.getByRole("heading", { name: "Test calls", level: 1 })).toBeVisible();
  await owner.screenshot({ path: "test-results/screens/team.png", fullPage: true });
  await ownerContext.close();
  await agentContext.close();
});

test("changing a role needs sudo mode, and an admin cannot hand out billing", async ({ page, signIn }) => {
  await signIn("admin@demo.test");
  await page.goto("/demo/team");
  await page.getByTestId("member-row").filter({ hasText: "viewer@demo.test" }).getByRole("link").click();
  await page.getByLabel("Role").selectOption("agent");
  await page.getByRole("button", { name: "Change role" }).click();
  await expect(page.getByText("Confirm your password to continue.")).toBeVisible();
  await confirmSudo(page);
  await expect(page.getByRole("option", { name: /^billing/ })).toBeDisabled();
  await act(page, page.getByTestId("perm-billing:manage").getByRole("button", { name: "Grant" }));
  await expect(page.getByText(/cannot grant "billing:manage"/)).toBeVisible();
  await expect(page.getByTestId("perm-billing:manage").getByTestId("effective")).toHaveText("Not allowed");
});
