import { THEME_COOKIE } from "../core/theme-cookie";
import { db } from "../db/client";
import type { CookieToSet } from "./browser-sign-in";
import { cookieOptions } from "./cookies";

/**
 * The dashboard theme, remembered per user (issue 18 item 8, amends decision 033): the
 * `theme` cookie still decides each page's first paint, with no script; a signed-in user's
 * choice is also stored on their row and set as that cookie on every browser they sign in on.
 */
export const PINNED_THEMES = ["light", "dark"] as const;
export type PinnedTheme = (typeof PINNED_THEMES)[number];

const isPinned = (value: unknown): value is PinnedTheme => value === "light" || value === "dark";

/** Stores the user's choice: "light" or "dark", or anything else for "follow the system". */
export async function saveThemePreference(userId: string, theme: string): Promise<void> {
  await db().user.update({ where: { id: userId }, data: { theme: isPinned(theme) ? theme : null } });
}

/** The cookie that carries the user's pinned theme to a browser signing in, or null (follow the system). */
export async function themeCookieFor(userId: string): Promise<CookieToSet | null> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { theme: true } });
  if (!isPinned(user?.theme)) return null;
  // Readable by the page's own script (the toggle rewrites it); it holds no secret.
  return { name: THEME_COOKIE, value: user.theme, options: { ...cookieOptions(31_536_000), httpOnly: false } };
}
