import { isbot } from "isbot";
import { z } from "zod";

/**
 * Bot detection for widget sessions (SPEC §14): the user agent against isbot's maintained
 * list, plus what the widget's script observed in the browser. Signals only ever add
 * suspicion: a bot can lie in both, so this filters the automated traffic that does not try
 * to hide (crawlers, headless test tools, scripts) — the rate limits and the automatic
 * blocklist handle the rest.
 */
export const botSignalsSchema = z
  .strictObject({
    /** navigator.webdriver */
    webdriver: z.boolean().optional(),
    /** "HeadlessChrome" in the UA or the UA-CH brands, or window.chrome missing in Chrome. */
    headless: z.boolean().optional(),
    /** navigator.languages.length (0 in several headless set-ups). */
    languages: z.number().int().min(0).max(1000).optional(),
  })
  .describe("What the widget's script saw in the visitor's browser");

export type BotSignals = z.infer<typeof botSignalsSchema>;

/** Why the session looks automated, or null. */
export function botReason(userAgent: string | null, signals: BotSignals | undefined): string | null {
  if (!userAgent || !userAgent.trim()) return "no_user_agent";
  if (isbot(userAgent)) return "user_agent";
  if (signals?.webdriver) return "webdriver";
  if (signals?.headless) return "headless";
  if (signals?.languages === 0) return "no_languages";
  return null;
}
