import { AppError } from "../core/errors";

/**
 * The one path every gate decision is taken on (SPEC §1 "limits are decided on the path the
 * framework routes on", §9): rate-limit policies, the console rewrite, the /api method table,
 * the cross-site check's console rule. A gate that compares the path as sent while Next
 * routes a decoded one is bypassed by spelling: `/api/auth/callback/%63redentials` was a
 * credentials sign-in to next-auth and no sign-in at all to the gate.
 *
 * What Next 16 does with a path (node_modules/next/dist/server/lib/router-utils), and so
 * what this mirrors:
 * - `//` and `\` answer 308 to the collapsed path, and a trailing slash 308 to the path
 *   without it, before the gate runs; dot segments (`.`, `..`, `%2e`) are resolved by URL
 *   parsing, for the gate and the router alike.
 * - Static routes are looked up by the percent-decoded path (`/api/h%65alth` is
 *   /api/health, and `%2F` there is a separator); dynamic params are split on the literal `/`
 *   and each decoded (`%2F` inside a param is data). Case is significant everywhere: routes
 *   are a set and regexes without the `i` flag, and next-auth compares its action and
 *   provider exactly (`/api/auth/callback/Credentials` is no sign-in).
 *
 * So the routed path is RFC 3986 §6.2.2's normal form, segment by segment: escapes of
 * unreserved characters (A–Z a–z 0–9 - . _ ~) decoded, other escapes with upper-case hex,
 * empty segments (`//`, a trailing `/`) and dot segments removed — case left alone. A path
 * Next itself would read two ways is refused rather than guessed at: malformed escapes,
 * escapes that are not UTF-8, and an encoded `/` or `\` (a separator to static routes, data
 * to dynamic ones). No legitimate Switchboard URL has any of them.
 *
 * It is a valid URL path itself (escapes kept as escapes), so the gate can hand it to Next as
 * the path to route (proxy.ts rewrites to it when it differs from what was sent).
 */

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
const ENCODED_SEPARATORS = new Set(["/", "\\"]);

function unroutable(issue: string): AppError {
  return new AppError("VALIDATION_FAILED", "The request path cannot be read.", { details: [{ field: "path", issue }] });
}

function normaliseSegment(segment: string): string {
  const normal = segment.replace(/%([0-9A-Fa-f]{2})?/g, (_escape, hex: string | undefined) => {
    if (hex === undefined) throw unroutable("The path is not valid percent-encoding.");
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    if (UNRESERVED.test(char)) return char;
    if (ENCODED_SEPARATORS.has(char)) throw unroutable("An encoded slash or backslash is not accepted in a path.");
    return `%${hex.toUpperCase()}`;
  });
  try {
    decodeURIComponent(normal);
  } catch {
    throw unroutable("The path's percent-encoding is not UTF-8.");
  }
  return normal;
}

/**
 * The path Next routes `url` on, normalised (see above); throws VALIDATION_FAILED (400, field
 * `path`) for a path that cannot be normalised. Takes a URL (its `pathname`) or a path as
 * sent on the request line (query and fragment already removed).
 */
export function routedPath(url: { pathname: string } | string): string {
  const raw = typeof url === "string" ? url : url.pathname;
  if (!raw.startsWith("/") && !raw.startsWith("\\")) throw unroutable("The path must start with a slash.");
  const segments: string[] = [];
  for (const part of raw.split(/[/\\]/)) {
    const segment = normaliseSegment(part);
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join("/")}`;
}

/** `path` is `prefix` or below it, by whole segments (`/sign-in` is not within `/sign`). */
export function isWithin(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}
