import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { cookies, headers } from "next/headers";
import { REQUESTED_PATH_HEADER, signInPath } from "../auth/callback-url";
import { currentSession } from "../auth/current";
import { requestMeta, type RequestMetaFull } from "../auth/request-meta";
import type { ActiveSession } from "../auth/sessions";

/**
 * What the entry layer reads about the request it is handling: the member's session, a
 * cookie, and who is calling (IP, user agent). In the app these come from Next's request
 * scope; the structural tests (and scripts that drive an entry point outside Next) supply
 * them with `withRequestFacts`, so the very same steps run against a real database.
 */
export interface RequestFacts {
  session(): Promise<ActiveSession | null>;
  cookie(name: string): Promise<string | undefined>;
  header(name: string): Promise<string | null>;
  meta(): Promise<RequestMetaFull>;
}

const fromNext: RequestFacts = {
  session: () => currentSession(),
  cookie: async (name) => (await cookies()).get(name)?.value,
  header: async (name) => (await headers()).get(name),
  meta: async () => requestMeta(await headers()),
};

const supplied = new AsyncLocalStorage<RequestFacts>();

export function requestFacts(): RequestFacts {
  return supplied.getStore() ?? fromNext;
}

/** Runs `fn` with these request facts instead of Next's request scope. */
export function withRequestFacts<T>(facts: RequestFacts, fn: () => T): T {
  return supplied.run(facts, fn);
}

/**
 * Sign-in that comes back to the page this request asked for — path and query, as the gate
 * saw them (REQUESTED_PATH_HEADER), so a deep link survives signing in — or to `fallback`
 * where no gate ran. Either is held to the same-origin rule (lib/auth/callback-url.ts).
 */
export async function signInPathForRequest(fallback: string): Promise<string> {
  return signInPath(await requestFacts().header(REQUESTED_PATH_HEADER), fallback);
}
