import type { Permission } from "../authz/permissions";

/**
 * Who an entry point lets in. Each kind has exactly one authentication step in lib/entry:
 * - public: nobody is identified (sign-in forms, health, the 404 of unknown /api paths);
 * - signed: a signed URL or a signed request body (recordings, documents, Stripe);
 * - apiKey: X-API-Key (lib/api-keys/authenticate.ts);
 * - session: a signed-in user outside any workspace (account pages);
 * - member: a signed-in member of the URL's workspace (lib/authz/context.ts);
 * - staff: platform staff in the operator console (lib/operator/context.ts);
 * - widgetSession: a web widget visitor's bearer session token (lib/widget/session-token.ts).
 */
export type CallerKind = "public" | "signed" | "apiKey" | "session" | "member" | "staff" | "widgetSession";

export type EntryKind = "route" | "action";

export interface EntryInfo {
  kind: EntryKind;
  caller: CallerKind;
  /** Changes state: the workspace read-only rule applies to member and API-key entries. */
  writes: boolean;
  /** Why a writing member entry may run in a cancelled workspace (reactivation); never while suspended. */
  allowedWhenClosed?: string;
  permission?: Permission | null;
  stepUp?: boolean;
  /** HTTP method of a route handler. */
  method?: string;
  /** For /api/v1 operations: the OpenAPI definition (lib/entry/api-route.ts). */
  operation?: unknown;
}

const ENTRY = Symbol.for("switchboard.entry");

/** Labels a handler as built by the entry layer; the structural tests read the label. */
export function marked<F extends (...args: never[]) => unknown>(fn: F, info: EntryInfo): F {
  Object.defineProperty(fn, ENTRY, { value: Object.freeze({ ...info }), enumerable: false });
  return fn;
}

/** The entry layer's label on a handler, or undefined when it was not built by lib/entry. */
export function entryInfo(value: unknown): EntryInfo | undefined {
  if (typeof value !== "function") return undefined;
  return (value as unknown as Record<symbol, EntryInfo | undefined>)[ENTRY];
}

/** Methods that change nothing: the read-only rule does not apply to them. */
export const isReadMethod = (method: string) => method === "GET" || method === "HEAD" || method === "OPTIONS";
