import { THEME_COOKIE } from "@/lib/core/theme-cookie";

/**
 * The theme a browser chose: "light" or "dark" pins it, no cookie follows the system. A
 * cookie rather than localStorage so the server renders the right class on <html> and no
 * script has to run before the first paint (decision 033). A signed-in user's choice is also
 * kept on their row and set on each browser they sign in on (lib/auth/theme-preference.ts).
 */
export { THEME_COOKIE };
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

export function themeOf(value: string | undefined): Theme {
  return value === "light" || value === "dark" ? value : "system";
}
