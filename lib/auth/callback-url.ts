import { config } from "../config";

/** Where a sign-in goes when the requested destination is missing or refused. */
export const DEFAULT_CALLBACK_PATH = "/";

/**
 * The request header through which the gate (proxy.ts) tells the render which page was asked
 * for (path and query). The gate sets it on every request it forwards, overwriting anything
 * a client sent; it is still read through `safeCallbackPath`, like any other input.
 */
export const REQUESTED_PATH_HEADER = "x-sb-requested-path";

/** Longer than any link the app makes; longer values are refused, never truncated. */
const MAX_LENGTH = 2048;

// A link the app makes never carries a raw control character; a parser would quietly drop
// tabs and newlines ("/\t/evil" reads as "//evil"), so such values are refused outright.
const CONTROL = /[\u0000-\u001f\u007f]/;

export interface CallbackPathOptions {
  /** What to answer for a refused value (code's own constant, never user input). */
  fallback?: string;
  /** The app's origin (default: APP_URL's). */
  origin?: string;
}

/**
 * A post-sign-in destination (SPEC §1: "the same-origin page they asked for"): the value is
 * resolved as a URL against the app's origin, and only a result on that origin is kept — as
 * its path, query and fragment, which the URL serialiser has percent-encoded, so the answer
 * is always printable ASCII and safe in a `Location` header. Anything else (another origin,
 * `javascript:`, a protocol-relative `//host` in any spelling, over-long, several values)
 * is the fallback. Every redirect target that comes from a request goes through here.
 */
export function safeCallbackPath(value: unknown, options: CallbackPathOptions = {}): string {
  const fallback = options.fallback ?? DEFAULT_CALLBACK_PATH;
  const single = Array.isArray(value) && value.length === 1 ? (value[0] as unknown) : value;
  if (typeof single !== "string" || single.length === 0 || single.length > MAX_LENGTH || CONTROL.test(single)) return fallback;
  const origin = options.origin ?? new URL(config().APP_URL).origin;
  let url: URL;
  try {
    url = new URL(single, `${origin}/`);
  } catch {
    return fallback;
  }
  if (url.origin !== origin) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil" and "https://app//evil" resolve on our origin to the path "//evil", which a
  // browser reads as another host when it comes back in a Location header.
  if (!path.startsWith("/") || path.startsWith("//") || path.length > MAX_LENGTH) return fallback;
  return path;
}

/** The sign-in page, coming back to `returnTo` (when it is an acceptable destination), else to `fallback`. */
export function signInPath(returnTo: unknown, fallback: string = DEFAULT_CALLBACK_PATH): string {
  const target = safeCallbackPath(returnTo, { fallback: safeCallbackPath(fallback) });
  return target === DEFAULT_CALLBACK_PATH ? "/sign-in" : `/sign-in?callbackUrl=${encodeURIComponent(target)}`;
}
