/** The cookie that pins a browser's dashboard theme (decision 033): "light" or "dark"; absent follows the system. */
export const THEME_COOKIE = "theme";
