import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/**
 * Waits for the colour-scheme switch to settle: colours transition (150 ms), and axe must
 * read the scheme's final colours. Bounded at 400 ms: a transition of an element that is not
 * rendered may never report its end.
 */
export async function settleColours(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.race([
      Promise.all(document.getAnimations().filter((a) => a instanceof CSSTransition).map((a) => a.finished.catch(() => undefined))),
      new Promise((resolve) => setTimeout(resolve, 400)),
    ]),
  );
}

/**
 * The page's main content in light and then dark mode: axe finds no serious or critical
 * violation (contrast included) and a full-page screenshot is saved as
 * test-results/screens/{name}-{scheme}.png. Leaves the page following the system scheme.
 */
export async function checkBothSchemes(page: Page, name: string): Promise<void> {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await settleColours(page);
    const { violations } = await new AxeBuilder({ page }).include("main").analyze();
    const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), scheme).toEqual([]);
    await page.screenshot({ path: `test-results/screens/${name}-${scheme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: null });
}
