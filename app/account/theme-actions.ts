"use server";

import { saveThemePreference } from "@/lib/auth/theme-preference";
import { sessionAction } from "@/lib/entry/action";

/** Remembers the theme the signed-in user chose, for every browser they sign in on (issue 18). */
export const saveThemeAction = sessionAction({ returnTo: "/account" }, async (session, theme: string): Promise<void> => {
  await saveThemePreference(session.user.id, String(theme));
});
