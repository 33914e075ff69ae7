import { expect, type Page } from "@playwright/test";

/**
 * Waits until the page the user sees is the page they can use, instead of for network
 * quiet: its level-1 heading (when given), then Next's route announcer — the live region
 * through which the client router tells screen-reader users about navigations. The router
 * mounts it from an effect, so it exists only once the page has hydrated (the app has no
 * loading.tsx boundaries that would hydrate later); typing into a form before that can be
 * lost when React takes the form over. After a client-side navigation it is already there,
 * and a client-rendered page is usable as soon as it shows.
 */
export async function pageReady(page: Page, heading?: string | RegExp) {
  if (heading !== undefined) await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
  await expect(page.locator("next-route-announcer")).toBeAttached();
}

/**
 * The audit pages stream their chain badge in (a Suspense boundary): done when the badge
 * shows its verdict instead of "Verifying the audit chain…". Passes at once on other pages.
 */
export async function streamingDone(page: Page) {
  await expect(page.locator('[data-testid="chain-badge"][data-state="pending"]')).toHaveCount(0);
}

/** The workspace slug of a dashboard URL (/<slug>/…); fails the test when there is none. */
export function workspaceSlugOf(url: string): string {
  const [, slug] = new URL(url).pathname.split("/");
  if (!slug) throw new Error(`no workspace slug in ${url}`);
  return slug;
}
