/**
 * The theme a browser chose: "light" or "dark" pins it, no cookie follows the system. A
 * cookie rather than localStorage so the server renders the right class on <html> and no
 * script has to run before the first paint (decision 033). Per browser: a per-user choice
 * would need a column on the user.
 */
export const THEME_COOKIE = "theme";
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

export function themeOf(value: string | undefined): Theme {
  return value === "light" || value === "dark" ? value : "system";
}
