"use client";

import { useEffect, useState } from "react";
import { saveThemeAction } from "@/app/account/theme-actions";
import { THEME_COOKIE, THEMES, type Theme } from "@/components/theme";

const LABEL: Record<Theme, string> = { system: "System theme", light: "Light theme", dark: "Dark theme" };

const ICON: Record<Theme, React.ReactNode> = {
  system: <path d="M3 4.5h14v9H3zM7 16.5h6" />,
  light: <path d="M10 6.5a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7zM10 2v1.5M10 16.5V18M2 10h1.5M16.5 10H18M4.3 4.3l1.1 1.1M14.6 14.6l1.1 1.1M4.3 15.7l1.1-1.1M14.6 5.4l1.1-1.1" />,
  dark: <path d="M15.5 12.5A6.5 6.5 0 0 1 7.5 4.5a6.5 6.5 0 1 0 8 8z" />,
};

/**
 * Sets the theme on <html> at once and remembers it in this browser for a year; for a
 * signed-in user (`remember`) also on their account, so their other browsers follow at sign-in.
 */
export function applyTheme(theme: Theme, remember = false) {
  if (remember) void saveThemeAction(theme).catch(() => {});
  const root = document.documentElement;
  root.classList.remove("light", "dark");
  if (theme !== "system") root.classList.add(theme);
  const secure = location.protocol === "https:" ? "; secure" : "";
  document.cookie =
    theme === "system"
      ? `${THEME_COOKIE}=; path=/; max-age=0; samesite=lax${secure}`
      : `${THEME_COOKIE}=${theme}; path=/; max-age=31536000; samesite=lax${secure}`;
  window.dispatchEvent(new CustomEvent<Theme>(THEME_EVENT, { detail: theme }));
}

/** Told when the theme changes elsewhere (the command palette), so the toggle shows it. */
const THEME_EVENT = "switchboard:theme";

/** One button that steps through system → light → dark; its name says the current choice and the next. */
export function ThemeToggle({ initial, signedIn = false }: { initial: Theme; signedIn?: boolean }) {
  const [theme, setTheme] = useState<Theme>(initial);
  useEffect(() => {
    const onChange = (event: Event) => setTheme((event as CustomEvent<Theme>).detail);
    window.addEventListener(THEME_EVENT, onChange);
    return () => window.removeEventListener(THEME_EVENT, onChange);
  }, []);
  const next = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length]!; // index mod length: in range
  return (
    <button
      type="button"
      onClick={() => applyTheme(next, signedIn)}
      aria-label={`${LABEL[theme]}; switch to ${LABEL[next].toLowerCase()}`}
      title={`${LABEL[theme]} (click for ${LABEL[next].toLowerCase()})`}
      className="rounded-md p-2 text-slate-600 hover:bg-slate-100 hover:text-slate-900"
      data-testid="theme-toggle"
      data-theme={theme}
    >
      <svg viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
        {ICON[theme]}
      </svg>
    </button>
  );
}
