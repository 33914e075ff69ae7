import { AppError } from "../core/errors";

/**
 * Which methods each /api route answers, so the gate can refuse the others with the SPEC §3
 * envelope (405 METHOD_NOT_ALLOWED with `Allow`) instead of Next's own answers: an empty 405
 * for a method the route file does not export, an empty 400 for one Next does not know
 * (PURGE, PROPFIND…), an empty 204 for an OPTIONS it implements itself.
 *
 * API_ROUTE_METHODS is the app/api route tree: one entry per route.ts, keyed by its folder
 * under app/, with the method names it exports. test/unit/api-methods.test.ts imports every
 * app/api/**\/route.ts and fails on any difference, so a new route or method must be added
 * here in the same change.
 */
export const ROUTE_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type RouteMethod = (typeof ROUTE_METHODS)[number];

export const API_ROUTE_METHODS: Readonly<Record<string, readonly RouteMethod[]>> = {
  "/api/[...path]": ROUTE_METHODS,
  "/api/auth/[...nextauth]": ["GET", "POST"],
  "/api/health": ["GET"],
  "/api/health/live": ["GET"],
  "/api/knowledge/documents/[documentId]": ["GET"],
  "/api/passkeys/sign-in-options": ["POST"],
  "/api/recordings/[callId]": ["GET"],
  "/api/security/leaked-keys": ["POST"],
  "/api/v1/audit-logs": ["GET", "OPTIONS"],
  "/api/v1/audit-logs/checkpoints": ["GET", "OPTIONS"],
  "/api/v1/calls": ["GET", "OPTIONS"],
  "/api/v1/calls/[id]": ["GET", "OPTIONS"],
  "/api/v1/calls/[id]/recording": ["GET", "OPTIONS"],
  "/api/v1/knowledge-base/documents": ["POST", "OPTIONS"],
  "/api/v1/knowledge-base/imports": ["POST", "OPTIONS"],
  "/api/v1/openapi.json": ["GET"],
  "/api/v1/phone-numbers": ["GET", "POST", "OPTIONS"],
  "/api/v1/phone-numbers/[id]": ["GET", "OPTIONS"],
  "/api/v1/request-logs": ["GET", "OPTIONS"],
  "/api/v1/test-calls": ["POST", "OPTIONS"],
  "/api/v1/webhook-endpoints": ["GET", "POST", "OPTIONS"],
  "/api/v1/webhook-endpoints/[id]": ["GET", "PATCH", "DELETE", "OPTIONS"],
  "/api/v1/webhook-endpoints/[id]/health": ["GET", "OPTIONS"],
  "/api/v1/webhook-endpoints/[id]/recover": ["POST", "OPTIONS"],
  "/api/v1/webhook-endpoints/[id]/recoveries/[recovery_id]": ["GET", "OPTIONS"],
  "/api/v1/webhook-endpoints/[id]/rotate-secret": ["POST", "OPTIONS"],
  "/api/v1/webhook-signing-keys": ["GET", "OPTIONS"],
  "/api/v1/webhook-signing-keys/rotate": ["POST", "OPTIONS"],
  "/api/v1/widgets": ["GET", "OPTIONS"],
  "/api/webhooks/stripe": ["POST"],
  "/api/widget/[id]/sessions": ["POST"],
  "/api/widget/sessions/[id]/end": ["POST"],
  "/api/widget/sessions/[id]/messages": ["POST"],
};

/** Routes that exist only to answer 404 for paths no other route claims. */
const NOT_FOUND_ROUTES = new Set(["/api/[...path]"]);

interface TrieNode {
  route?: string;
  children: Map<string, TrieNode>;
  dynamic?: TrieNode;
  catchAll?: string;
  optionalCatchAll?: string;
}

function buildTrie(routes: Iterable<string>): TrieNode {
  const root: TrieNode = { children: new Map() };
  for (const route of routes) {
    let node = root;
    let endsInCatchAll = false;
    for (const segment of route.split("/").filter(Boolean)) {
      if (/^\[\[\.\.\..+\]\]$/.test(segment)) {
        node.optionalCatchAll = route;
        endsInCatchAll = true;
        break; // nothing may follow a catch-all
      } else if (/^\[\.\.\..+\]$/.test(segment)) {
        node.catchAll = route;
        endsInCatchAll = true;
        break;
      } else if (/^\[.+\]$/.test(segment)) {
        node = node.dynamic ??= { children: new Map() };
      } else {
        let child = node.children.get(segment);
        if (!child) node.children.set(segment, (child = { children: new Map() }));
        node = child;
      }
    }
    if (!endsInCatchAll) node.route = route;
  }
  return root;
}

// Next's precedence: a static segment before [param], before [...catchAll], before
// [[...optional]], backtracking when a more specific branch does not match to the end.
function matchNode(node: TrieNode, segments: string[], index: number): string | undefined {
  if (index === segments.length) return node.route ?? node.optionalCatchAll;
  const segment = segments[index];
  if (segment === undefined) return undefined;
  const viaStatic = node.children.get(segment);
  const found =
    (viaStatic && matchNode(viaStatic, segments, index + 1)) ||
    (node.dynamic && matchNode(node.dynamic, segments, index + 1));
  return found || node.catchAll || node.optionalCatchAll;
}

const trie = buildTrie(Object.keys(API_ROUTE_METHODS));

export function isApiPath(pathname: string): boolean {
  return pathname === "/api" || pathname.startsWith("/api/");
}

/**
 * The route file (a key of API_ROUTE_METHODS) Next would serve this path from, if any.
 * `pathname` is the routed path (lib/security/routed-path.ts): the gate passes nothing else,
 * so /api/h%65alth has already become /api/health, as Next serves it.
 */
export function matchApiRoute(pathname: string): string | undefined {
  return matchNode(trie, pathname.split("/").filter(Boolean), 0);
}

/** The methods a route answers: what it exports, plus HEAD where it exports GET (Next runs GET for it). */
export function allowedMethods(route: string): RouteMethod[] {
  const exported = new Set(API_ROUTE_METHODS[route] ?? []);
  if (exported.has("GET")) exported.add("HEAD");
  return ROUTE_METHODS.filter((method) => exported.has(method));
}

/**
 * The gate's refusal for this method on this /api path, or null to let the route answer:
 * 404 where no route (or only the not-found catch-all) claims the path, 405 with `Allow`
 * where the route does not answer the method. Anything outside /api is left alone.
 */
export function apiMethodRefusal(pathname: string, method: string): AppError | null {
  if (!isApiPath(pathname)) return null;
  const route = matchApiRoute(pathname);
  const allowed: readonly string[] = route ? allowedMethods(route) : [];
  if (allowed.includes(method)) return null;
  if (!route || NOT_FOUND_ROUTES.has(route)) return new AppError("NOT_FOUND", "No such API route.");
  const allow = allowed.join(", ");
  return new AppError("METHOD_NOT_ALLOWED", `This method is not allowed on this resource. Allowed: ${allow}.`, {
    headers: { Allow: allow },
  });
}
