import { createHmac, timingSafeEqual } from "node:crypto";
import { config } from "../config";

/**
 * The operator console lives at the secret ADMIN_PATH (SPEC §11). Its pages are built under
 * this internal prefix, which answers 404 when asked for directly: the proxy rewrites
 * ADMIN_PATH/… to it and marks the rewritten request with a header only it can compute.
 */
export const CONSOLE_INTERNAL_PREFIX = "/operator-console";
export const CONSOLE_MARKER_HEADER = "x-switchboard-console";

const within = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/** The public path of a console page: `consolePath("/workspaces")` → `/ops-…/workspaces`. */
export function consolePath(sub = ""): string {
  return `${config().ADMIN_PATH}${sub}`;
}

export function isInternalConsolePath(path: string): boolean {
  return within(path, CONSOLE_INTERNAL_PREFIX);
}

/** ADMIN_PATH/… → the internal path to render, or null when the path is not the console's. */
export function internalConsolePath(path: string): string | null {
  const admin = config().ADMIN_PATH;
  if (!within(path, admin)) return null;
  return `${CONSOLE_INTERNAL_PREFIX}${path.slice(admin.length)}`;
}

/** The marker the proxy sets on a rewritten request; derived, so every bundle computes the same. */
export function consoleMarker(): string {
  return createHmac("sha256", config().secrets.IRON_SESSION_PASSWORD!).update("operator-console-rewrite").digest("base64url");
}

export function hasConsoleMarker(value: string | null): boolean {
  if (!value) return false;
  const expected = Buffer.from(consoleMarker());
  const given = Buffer.from(value);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
