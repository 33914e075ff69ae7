import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "./support/auth";
import { guardPage } from "./support/page-guard";
import { pageReady } from "./support/ready";
import { MAIN_URL } from "./support/servers";
import { expect, test } from "./support/session";

const MASKED = /^\+\d{1,3} \*\*\* \*\*\* \d{3}$/;

/** The demo owner sets one of the agent's permissions (grant or inherit), in sudo mode. */
async function setAgentPermission(owner: Page, permission: string, value: "Grant" | "Inherit") {
  await owner.goto("/demo/team");
  await owner.getByTestId("member-row").filter({ hasText: "agent@demo.test" }).getByRole("link").first().click();
  // Typing before hydration is lost when React takes over the form: wait until it is interactive.
  await pageReady(owner, "Demo agent");
  if (await owner.getByText("Confirm your password").isVisible()) {
    await owner.getByLabel("Password").fill(DEMO_PASSWORD);
    await expect(owner.getByLabel("Password")).toHaveValue(DEMO_PASSWORD);
    await owner.getByRole("button", { name: "Confirm" }).click();
    await expect(owner.getByText("Sudo mode is on")).toBeVisible({ timeout: 15_000 });
  }
  const row = owner.getByTestId(`perm-${permission}`);
  const answered = owner.waitForResponse((r) => r.request().method() === "POST" && r.request().headers()["next-action"] !== undefined);
  await row.getByRole("button", { name: value }).click();
  await answered;
  await expect(row.getByRole("button", { name: value })).toHaveAttribute("aria-pressed", "true");
}

test("an agent sees masked numbers, a transcript and a recording, and no export unless granted", async ({ browser, signIn }) => {
  const agentContext = await browser.newContext({ baseURL: MAIN_URL });
  await signIn("agent@demo.test", { context: agentContext });
  const agent = await agentContext.newPage();
  const guard = await guardPage(agent);
  await agent.goto("/demo/calls");
  const callers = await agent.getByTestId("call-caller").allTextContents();
  expect(callers.length).toBeGreaterThan(10);
  for (const caller of callers) expect(caller.trim()).toMatch(MASKED);
  await expect(agent.getByTestId("export-csv")).toHaveCount(0);
  expect((await agentContext.request.get("/demo/calls/export")).status()).toBe(403);

  // The drawer: masked caller, the decrypted transcript, the recording through a signed URL.
  await agent.getByTestId("call-row").filter({ hasText: "Recording" }).first().getByTestId("call-link").click();
  await expect(agent.getByTestId("drawer-caller")).toHaveText(MASKED);
  await expect(agent.getByTestId("transcript")).toContainText(/Agent|Caller/);
  const audio = agent.waitForResponse((r) => r.url().includes("/api/recordings/") && r.status() < 300);
  await agent.getByRole("button", { name: "Play recording" }).click();
  expect((await audio).headers()["content-type"]).toBe("audio/wav");
  await agent.screenshot({ path: "test-results/screens/calls-agent.png" });

  // Search takes whole numbers only (they are matched by hash); a fragment is explained.
  await agent.goto("/demo/calls?caller=%2B2348035550789");
  await expect(agent.getByText(/full number with its country code/)).toHaveCount(0);
  await agent.goto("/demo/calls?caller=4567");
  await expect(agent.getByText(/full number with its country code/)).toBeVisible();

  // Granted the export permission, the agent gets the button — and still masked numbers.
  const ownerContext = await browser.newContext({ baseURL: MAIN_URL });
  await signIn("owner@demo.test", { context: ownerContext });
  const owner = await ownerContext.newPage();
  await setAgentPermission(owner, "settings:manage", "Grant");
  try {
    await agent.goto("/demo/calls");
    await expect(agent.getByTestId("export-csv")).toBeVisible();
    const csv = await (await agentContext.request.get("/demo/calls/export")).text();
    const rows = parse(csv, { columns: true }) as { caller: string }[];
    expect(rows.length).toBeGreaterThan(100);
    for (const row of rows) expect(row.caller).toMatch(MASKED);
  } finally {
    await setAgentPermission(owner, "settings:manage", "Inherit");
  }
  await agent.goto("/demo/calls");
  await expect(agent.getByTestId("export-csv")).toHaveCount(0);
  guard.assertClean([/status of 403/, /status of 400/]);
  await agentContext.close();
  await ownerContext.close();
});

test("an admin filters, exports the CSV with progress, and the file follows the table's rules", async ({ page, signIn }) => {
  await signIn("admin@demo.test");
  const guard = await guardPage(page);
  await page.goto("/demo/calls");
  await page.getByRole("combobox", { name: "Status" }).selectOption("completed");
  await expect(page).toHaveURL(/status=completed/);
  await expect(page.getByTestId("filter-chips")).toContainText("Status");
  const tableCallers = (await page.getByTestId("call-caller").allTextContents()).map((c) => c.trim());
  expect(tableCallers.length).toBe(50);

  const download = page.waitForEvent("download");
  await page.getByTestId("export-csv").click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^demo-live-calls-\d{4}-\d{2}-\d{2}\.csv$/);
  const rows = parse(readFileSync((await file.path())!), { columns: true }) as Record<string, string>[];
  expect(rows.length).toBeGreaterThan(50);
  expect(rows.every((r) => r.status === "completed")).toBe(true);
  expect(rows.every((r) => MASKED.test(r.caller ?? ""))).toBe(true);
  // Same order and same masked callers as the table's first page.
  expect(rows.slice(0, 50).map((r) => r.caller)).toEqual(tableCallers);

  // Sorting and paging are the server's: the next page continues where this one ends.
  await page.getByRole("link", { name: /Duration/ }).click();
  await expect(page).toHaveURL(/sort=-duration_seconds/);
  await page.getByTestId("next-page").click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(page.getByTestId("call-row")).not.toHaveCount(0);

  // Column visibility is remembered.
  await page.locator("summary", { hasText: "Columns" }).click();
  await page.getByRole("checkbox", { name: "Our number" }).uncheck();
  await expect(page.getByRole("columnheader", { name: "Our number" })).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("columnheader", { name: "Our number" })).toHaveCount(0);
  guard.assertClean();
});

test("filters apply as they are chosen, a chip undoes one, and the pager walks back the way it came", async ({ page, signIn }) => {
  await signIn("admin@demo.test");
  const guard = await guardPage(page);
  await page.goto("/demo/calls");
  const summary = page.getByTestId("page-summary");
  await expect(summary).toHaveText(/^Rows 1–50 of [\d,]+$/);
  const total = (await summary.textContent())!.replace(/^.* of /, "");

  // Two choices made one after the other, without waiting and without Apply: both hold.
  await page.getByRole("combobox", { name: "Status" }).selectOption("completed");
  await page.getByRole("combobox", { name: "Direction" }).selectOption("inbound");
  await expect(page).toHaveURL(/status=completed/);
  await expect(page).toHaveURL(/direction=inbound/);
  await expect(page.getByRole("link", { name: /^Remove the filter Direction/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Remove the filter Status/ })).toBeVisible();

  // Removing a chip removes that filter, and the form shows what is in force.
  await page.getByRole("link", { name: /^Remove the filter Direction/ }).click();
  await expect(page).not.toHaveURL(/direction=/);
  await expect(page.getByRole("combobox", { name: "Direction" })).toHaveValue("");
  await expect(page.getByRole("combobox", { name: "Status" })).toHaveValue("completed");
  await page.getByRole("link", { name: /^Remove the filter Status/ }).click();
  await expect(page.getByRole("combobox", { name: "Status" })).toHaveValue("");
  await expect(summary).toHaveText(`Rows 1–50 of ${total}`);

  // Forward two pages and back two: the same rows as on the way out, back on the first page.
  const callers = () => page.getByTestId("call-caller").allTextContents();
  const first = await callers();
  await page.getByTestId("next-page").click();
  await expect(summary).toHaveText(`Rows 51–100 of ${total}`);
  const second = await callers();
  expect(second).not.toEqual(first);
  await page.getByTestId("next-page").click();
  await expect(summary).toHaveText(new RegExp(`^Rows 101–\\d+ of ${total}$`));
  await page.getByTestId("previous-page").click();
  await expect(summary).toHaveText(`Rows 51–100 of ${total}`);
  expect(await callers()).toEqual(second);
  await page.getByTestId("previous-page").click();
  await expect(summary).toHaveText(`Rows 1–50 of ${total}`);
  await expect(page).not.toHaveURL(/cursor=/);
  await expect(page.getByTestId("previous-page")).toHaveCount(0);
  expect(await callers()).toEqual(first);
  guard.assertClean();
});

test("a developer runs a test call and finds it in the test data", async ({ page, signIn }) => {
  await signIn("developer@demo.test");
  const guard = await guardPage(page);
  await page.goto("/demo/test-calls");
  await page.getByLabel("Caller number (optional)").fill("+2348035550789");
  await page.getByRole("button", { name: "Run test call" }).click();
  await expect(page).toHaveURL(/mode=test&call=/);
  await expect(page.getByTestId("drawer-caller")).toHaveText("+234 *** *** 789");
  await expect(page.getByTestId("transcript")).toBeVisible();
  await page.getByRole("link", { name: "Close", exact: true }).click();
  await expect(page).not.toHaveURL(/call=/);
  await page.goto("/demo/calls?mode=test&caller=%2B2348035550789");
  await expect(page.getByTestId("call-row")).toHaveCount(1);
  guard.assertClean();
});
