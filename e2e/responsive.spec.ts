import { type Page } from "@playwright/test";
import { expect, test } from "./support/session";
import { PUBLIC_PATHS, settle, shotName, staffPaths, walkMemberPages } from "./support/site-pages";

/**
 * Every page on a phone (issue 18): at 375 px — and 360 px, the narrowest common screen — the
 * document is no wider than the viewport, so nothing scrolls sideways; wide tables scroll
 * inside their card. Screenshots in both themes land in test-results/screenshots/phone-*.
 */

const PHONE = { width: 375, height: 812 };

/** How far the document overflows the viewport, and the widest element that sticks out. */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const culprit = [...document.querySelectorAll<HTMLElement>("body *")]
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)[0];
    const describe = (el?: HTMLElement) => (el ? `${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 4).join(".")}` : "");
    return { scrollWidth: document.documentElement.scrollWidth, width, culprit: describe(culprit) };
  });
}

async function checkPage(page: Page, path: string) {
  await page.setViewportSize(PHONE);
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(path === "/no-such-page" ? 500 : 400);
  await settle(page);
  for (const width of [375, 360]) {
    await page.setViewportSize({ ...PHONE, width });
    const o = await overflow(page);
    expect(o.scrollWidth, `${path} at ${width} px is ${o.scrollWidth} px wide (${o.culprit})`).toBeLessThanOrEqual(o.width);
  }
  await page.setViewportSize(PHONE);
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: `test-results/screenshots/phone-${colorScheme}/${shotName(path)}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: null });
}

test.describe("no page scrolls sideways on a phone", () => {
  test.describe.configure({ timeout: 180_000 });

  test("public pages", async ({ page }) => {
    for (const path of PUBLIC_PATHS) await checkPage(page, path);
  });

  test("every dashboard and account page (owner)", async ({ page, signIn }) => {
    await signIn("owner@demo.test");
    await page.setViewportSize(PHONE);
    await walkMemberPages(page, (path) => checkPage(page, path));
  });

  test("the menu drawer holds the navigation, and Escape closes it", async ({ page, signIn }) => {
    await signIn("owner@demo.test");
    await page.setViewportSize(PHONE);
    await page.goto("/demo");
    await settle(page);
    // The sidebar is folded away on a phone.
    await expect(page.getByRole("navigation", { name: "Workspace", exact: true })).toBeHidden();
    await page.getByRole("button", { name: "Open menu" }).click();
    const drawer = page.getByRole("dialog", { name: "Menu" });
    await expect(drawer.getByRole("navigation", { name: "Workspace", exact: true }).getByRole("link", { name: "API keys" })).toBeVisible();
    await page.screenshot({ path: "test-results/screenshots/phone-light/menu-open.png" });
    await page.keyboard.press("Escape");
    await expect(drawer).toBeHidden();
    await page.getByRole("button", { name: "Open menu" }).click();
    await drawer.getByRole("link", { name: "API keys" }).click();
    await expect(page).toHaveURL(/\/demo\/developers\/api-keys$/);
    await expect(drawer).toBeHidden();
  });

  test("the operator console", async ({ page }) => {
    for (const path of await staffPaths(page)) await checkPage(page, path);
  });
});
