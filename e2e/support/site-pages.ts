import { expect, type Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { DEMO_PASSWORD } from "./auth";
import { pageReady, streamingDone } from "./ready";
import { E2E_ADMIN_PATH, E2E_STAFF_TOTP_SECRET } from "./servers";

/**
 * The pages the accessibility and responsive specs walk: every page of the app, found the
 * way a user finds them (the workspace navigation, then the first detail link of each list),
 * so a new area is covered as soon as it is in the navigation.
 */

/** The demo roles of SPEC §13 (secure@ is an admin with a second factor: same pages as admin@). */
export const DEMO_ROLES = ["owner", "admin", "developer", "billing", "agent", "viewer"] as const;
export type DemoRole = (typeof DEMO_ROLES)[number];

/** Pages anyone can open, and the invitation page with a token that opens nothing. */
export const PUBLIC_PATHS = [
  "/",
  "/sign-in",
  "/sign-up",
  "/forgot-password",
  "/reset-password?token=nope",
  "/invitations/accept?token=nope",
  "/dev/outbox",
  "/no-such-page",
  `${E2E_ADMIN_PATH}/sign-in`,
];

/** Detail pages reached from a list: the first link of each shape. */
const DETAIL_LINKS = [
  /^\/demo\/team\/[0-9a-f-]{36}$/,
  /^\/demo\/groups\/[0-9a-f-]{36}$/,
  /^\/demo\/developers\/webhooks\/[0-9a-f-]{36}$/,
  /^\/demo\/calls\?(.*&)?call=[0-9a-f-]{36}/,
];

/** Waits until the page is hydrated and fully streamed in (its 404 page has no route announcer wait). */
export async function settle(page: Page) {
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  await pageReady(page);
  await streamingDone(page);
}

async function hrefs(page: Page, scope = page.locator("body")): Promise<string[]> {
  return scope.locator("a[href^='/']").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
}

/**
 * Visits every page a signed-in member of the demo workspace can open: the navigation's
 * areas and the account in order, then the first detail page of each shape found on them.
 * `visit` opens the page (and checks it); the detail links are read from what it opened,
 * so no page is loaded twice.
 */
export async function walkMemberPages(page: Page, visit: (path: string) => Promise<void>): Promise<string[]> {
  await page.goto("/demo");
  await settle(page);
  // The sidebar's links, visible or folded into the phone's drawer.
  const nav = await hrefs(page, page.locator('nav[aria-label="Workspace"]').first());
  const queue = [...new Set([...nav, "/account"])];
  for (let i = 0; i < queue.length; i++) {
    await visit(queue[i]!); // i < length: in range
    const shapes = DETAIL_LINKS.filter((shape) => !queue.some((d) => shape.test(d)));
    if (shapes.length === 0) continue;
    const links = await hrefs(page, page.locator("main"));
    for (const shape of shapes) {
      const first = links.find((href) => shape.test(href));
      if (first) queue.push(first);
    }
  }
  return queue;
}

/** Signs the demo operator in to the console (password and authenticator code) and answers its pages. */
export async function staffPaths(page: Page): Promise<string[]> {
  await page.goto(`${E2E_ADMIN_PATH}/sign-in`);
  await settle(page);
  await page.getByLabel("Email").fill("operator@demo.test");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByLabel("Authentication code").fill(new TOTP({ secret: Secret.fromBase32(E2E_STAFF_TOTP_SECRET) }).generate());
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Workspaces", level: 1 })).toBeVisible();
  await settle(page);
  const nav = await hrefs(page, page.getByRole("navigation", { name: "Console" }));
  const workspace = (await hrefs(page, page.locator("main"))).find((href) => href.includes("/workspaces/"));
  return [...new Set([...nav, ...(workspace ? [workspace] : [])])];
}

/** A file name for a path: "/demo/developers/api-keys" → "demo_developers_api-keys". */
export function shotName(path: string): string {
  const name = path.replace(E2E_ADMIN_PATH, "console").replace(/^\//, "").replace(/[/?=&]/g, "_").replace(/[0-9a-f-]{36}/g, "id");
  return name || "home";
}
