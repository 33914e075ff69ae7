import AxeBuilder from "@axe-core/playwright";
import { type Page } from "@playwright/test";
import { expect, test } from "./support/session";
import { DEMO_ROLES, PUBLIC_PATHS, settle, shotName, staffPaths, walkMemberPages } from "./support/site-pages";
import { settleColours } from "./support/schemes";

/**
 * axe-core on every page, for every demo role, in the light and the dark theme (issue 18).
 * Serious and critical findings fail; a moderate or minor one fails too unless it is listed
 * below with the reason it is accepted. One browser context per role visits all its pages,
 * switching the theme with emulateMedia (the theme follows the system until a user pins one).
 * Screenshots of every page in both themes land in test-results/screenshots/ (gitignored).
 */

/**
 * The rules a theme can change: colours. Light runs every rule; dark runs these on the same
 * DOM (the theme is CSS only, decision 033), which keeps one role's visit near a minute.
 */
const COLOUR_RULES = ["color-contrast", "link-in-text-block"];

/**
 * Rows past the fifth of a long table (50 calls, 50 audit entries) repeat the first ones'
 * markup and colours; leaving them out keeps axe's colour checks to seconds a page.
 */
const REPEATED_ROWS = "tbody > tr:nth-child(n+6)";

/** Moderate and minor findings accepted, each with its reason. Empty: there are none. */
const ACCEPTED: Record<string, string> = {};

const SCHEMES = ["light", "dark"] as const;

interface Finding {
  page: string;
  scheme: string;
  rule: string;
  impact: string;
  targets: string[];
}

async function audit(page: Page, path: string, options: { screenshots: boolean }): Promise<Finding[]> {
  const started = Date.now();
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(path === "/no-such-page" ? 500 : 400);
  await settle(page);
  const findings: Finding[] = [];
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme });
    // Buttons transition their colours (150 ms): axe must read the scheme's colours, not a
    // frame between the two (a secondary button mid-fade failed colour-contrast once in CI).
    // Transitions only (an infinite animation never finishes), and at most 400 ms: a transition
    // of an element that is not rendered may never report its end.
    await settleColours(page);
    const axe = new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).exclude(REPEATED_ROWS);
    const { violations } = await (scheme === "light" ? axe : axe.withRules(COLOUR_RULES)).analyze();
    for (const v of violations) {
      findings.push({ page: path, scheme, rule: v.id, impact: v.impact ?? "unknown", targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) });
    }
    if (options.screenshots) {
      await page.screenshot({ path: `test-results/screenshots/desktop-${scheme}/${shotName(path)}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: null });
  console.log(`visited ${path} in ${Date.now() - started} ms`);
  return findings;
}

function report(findings: Finding[]) {
  const blocking = findings.filter((f) => f.impact === "serious" || f.impact === "critical" || !(f.rule in ACCEPTED));
  for (const f of findings) console.log(`${f.impact.padEnd(8)} ${f.rule} ${f.scheme} ${f.page} → ${f.targets.join(" | ")}`);
  expect(blocking.map((f) => `${f.impact} ${f.rule} (${f.scheme}) on ${f.page}: ${f.targets.join(" | ")}`)).toEqual([]);
}

test.describe("accessibility (axe-core, light and dark)", () => {
  test.describe.configure({ timeout: 300_000 });

  test("public pages", async ({ page }) => {
    const findings: Finding[] = [];
    for (const path of PUBLIC_PATHS) findings.push(...(await audit(page, path, { screenshots: true })));
    report(findings);
  });

  for (const role of DEMO_ROLES) {
    test(`every page ${role}@demo.test can open`, async ({ page, signIn }) => {
      await signIn(`${role}@demo.test`);
      const findings: Finding[] = [];
      // The owner sees every dashboard page: its visits are the screenshots.
      await walkMemberPages(page, async (path) => {
        findings.push(...(await audit(page, path, { screenshots: role === "owner" })));
      });
      report(findings);
    });
  }

  test("the operator console", async ({ page }) => {
    const findings: Finding[] = [];
    for (const path of await staffPaths(page)) findings.push(...(await audit(page, path, { screenshots: true })));
    report(findings);
  });
});
