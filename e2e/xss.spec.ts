import { confirmInlineSudo } from "./support/auth";
import { guardPage } from "./support/page-guard";
import { pageReady, streamingDone } from "./support/ready";
import { expect, test } from "./support/session";

// XSS payloads typed into stored text fields, then every page that shows them rendered under
// the CSP with a violation listener: nothing runs, nothing is blocked (because nothing was
// there to run), and the stored text carries no markup.
const PAYLOADS = [
  `<img src=x onerror="window.__xss=1">`,
  `"><script>window.__xss=2</script>`,
  `<svg onload=window.__xss=3>`,
  `<a href="javascript:window.__xss=4">x</a>`,
  `&lt;script&gt;window.__xss=5&lt;/script&gt;`,
];

test("XSS payloads in a number's label and the agent's greeting are stored inert and render cleanly", async ({ page, signIn }) => {
  await signIn("owner@demo.test");
  const guard = await guardPage(page);
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });

  await page.goto("/demo/numbers");
  await pageReady(page, /Phone numbers/);
  // 020 7946 0910–0999: clear of the demo's numbers (0101, 0123, …) and of areas.spec's 0010–0099.
  const number = `+4420794609${String(Date.now() % 90 + 10)}`;
  const form = page.getByTestId("add-number-form");
  await form.getByLabel("Phone number").fill(number);
  await form.getByLabel("Label (optional)").fill(`Line ${PAYLOADS[0]}${PAYLOADS[2]}`.slice(0, 80));
  await form.getByRole("button", { name: "Add number" }).click();
  await expect(form.getByRole("status")).toContainText("Added");

  await page.goto("/demo/config");
  await pageReady(page, /Agent configuration/);
  const config = page.getByTestId("config-form");
  await config.getByLabel("Greeting").fill(`Welcome ${PAYLOADS.join(" ")}`.slice(0, 480));
  await config.getByRole("button", { name: /Save/ }).click();
  await expect(config.getByRole("status")).toContainText("Saved as version");

  for (const [path, heading] of [["/demo/numbers", /Phone numbers/], ["/demo/config", /Agent configuration/], ["/demo/audit", /Audit log/]] as const) {
    // Hydrated and fully streamed: whatever the page would run has had its chance to.
    await page.goto(path);
    await pageReady(page, heading);
    await streamingDone(page);
    const html = await page.content();
    expect(html, path).not.toMatch(/<script>window\.__xss|onerror="window|onload=window|href="javascript:/);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), path).toBeUndefined();
  }
  expect(dialogs).toEqual([]);
  guard.assertClean();

  // Tidy up: the number goes; the greeting is restored by the next configuration test's restore.
  await page.goto("/demo/numbers");
  const row = page.getByTestId("number-row").filter({ hasText: number });
  await expect(row).toContainText("Line");
  await row.getByRole("button", { name: /^Remove \+/ }).first().click();
  await row.getByRole("button", { name: "Remove number" }).click();
  // Deleting data needs sudo mode (SPEC §1): the password inline, then the removal again.
  await confirmInlineSudo(row);
  await row.getByRole("button", { name: "Remove number" }).click();
  await expect(page.getByTestId("number-row").filter({ hasText: number })).toHaveCount(0);
});
