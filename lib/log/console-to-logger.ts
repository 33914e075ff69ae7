import { format } from "node:util";
import { log } from "./logger";

/**
 * One log stream in production (issue 17 item 4): whatever the framework or a library writes
 * with console.* goes through the structured logger instead — JSON, scrubbed of keys, tokens
 * and phone numbers — so nothing unscrubbed reaches stdout or stderr. The start banner and the
 * credentials notice write to process.stdout directly and are the only other output.
 */
export function routeConsoleToLogger(): void {
  const g = globalThis as unknown as { __switchboardConsoleRouted?: boolean };
  if (g.__switchboardConsoleRouted) return;
  g.__switchboardConsoleRouted = true;
  const to = (level: "error" | "warn" | "info" | "debug") => (...args: unknown[]) => {
    const error = args.find((a): a is Error => a instanceof Error);
    // Colour codes (Next's "⨯" lines) are for terminals, not JSON.
    const message = format(...args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : a))).replace(/\u001b\[[0-9;]*m/g, "");
    log()[level]({ source: "console", ...(error ? { err: error } : {}) }, message);
  };
  console.error = to("error");
  console.warn = to("warn");
  console.info = to("info");
  console.log = to("info");
  console.debug = to("debug");
}
