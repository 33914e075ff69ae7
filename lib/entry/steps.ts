import "server-only";
import { authenticateApiKey, forgetVerifiedKey, type ApiKeyContext } from "../api-keys/authenticate";
import { liveKeyOwner } from "../api-keys/key-owner";
import { recordSecurityEvent, recordSecurityEventCoalesced, requestFieldsOf } from "../audit/security-events";
import type { RequestMetaFull } from "../auth/request-meta";
import { cookieNames } from "../auth/cookies";
import type { ActiveSession } from "../auth/sessions";
import { requireRecentAuth } from "../auth/step-up";
import { authorizeMember, type WorkspaceContext } from "../authz/context";
import type { Principal } from "../authz/principal";
import { AppError } from "../core/errors";
import { isStaleAuthority } from "../db/scoped";
import { requestFacts } from "./facts";

/**
 * The steps every entry point is made of. Each is a small function that either returns
 * what the next step needs or throws an AppError, which the wrapper turns into the answer
 * of its kind (the SPEC's JSON envelope, form state, a 404 page). Wrappers in route.ts,
 * api-route.ts, action.ts and page.ts only choose and order them.
 */

// Compared after normalising (isKeyParameterName): lower case, no separators, so `api_key`,
// `API-KEY`, `api.key` and `x_api_key` are all one name.
const KEY_PARAMS = new Set(["apikey", "key", "token", "xapikey", "accesstoken"]);
// A key's shape (SPEC §3), wherever it sits in the query: `?q=sb_live_sk_…` leaks it just the same.
const KEY_VALUE = /sb_(?:live|test)_(?:sk|pk)_[0-9A-Za-z]{38}/;

/** Percent-decoding until nothing changes (a name can be encoded twice: `api%255Fkey`). */
function decodeFully(text: string): string {
  let current = text;
  for (let round = 0; round < 5; round++) {
    const next = current.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (next === current) break;
    current = next;
  }
  return current;
}

/**
 * Whether a query parameter's name is, to any framework that might read it, a key parameter:
 * decoded, NFKC-folded (full-width letters), any case, separators ignored, and split where
 * qs/PHP-style parsers split names into arrays and objects (`api_key[]`, `api_key[a]`,
 * `api_key[0][x]`, `[api_key]`, `filter[token]`, `filter.token`): no part may be a key name.
 */
function isKeyParameterName(raw: string): boolean {
  const name = decodeFully(raw).normalize("NFKC").toLowerCase();
  const parts = [name, ...name.split(/[[\]]/), ...name.split(/[[\].]/)];
  return parts.some((part) => KEY_PARAMS.has(part.replace(/[^a-z0-9]/g, "")));
}

/**
 * An API key in the query string is refused before anything else (SPEC §3): URLs end up in
 * logs. When the value is a key that still works, the event goes to the key's own workspace
 * (SPEC §7: a leaked key is news to its owner) with its display form, never the key.
 */
export async function refuseKeyInQuery(params: URLSearchParams, meta: string | Pick<RequestMetaFull, "ip" | "userAgent" | "requestId">): Promise<void> {
  const request = typeof meta === "string" ? { ip: meta } : meta;
  for (const [name, value] of params) {
    const decoded = decodeFully(value);
    if (isKeyParameterName(name) || KEY_VALUE.test(decoded)) {
      const candidate = KEY_VALUE.exec(decoded)?.[0] ?? decoded.trim();
      const owner = await liveKeyOwner(candidate).catch(() => null);
      // Coalesced per client, parameter and owning workspace: a script in a loop is one row with a count.
      await recordSecurityEventCoalesced(`kiq:${name.slice(0, 40)}`, {
        type: "api_key_in_query",
        workspaceId: owner?.workspaceId ?? null,
        ...requestFieldsOf(request),
        details: { parameter: name.slice(0, 40), ...(owner ? { key_id: owner.keyId, key: owner.display } : {}) },
      });
      throw new AppError("API_KEY_IN_QUERY");
    }
  }
}

/**
 * X-API-Key → the key's principal (401 INVALID_API_KEY otherwise). `cached`: the key may come
 * from the verified-key cache (decision 054); the caller must then `confirm()` it before it
 * answers, and authenticate again on StaleAuthorityError (withFreshKeyOnStale).
 */
export function apiKeyCaller(header: string | null, meta: RequestMetaFull, options: { cached?: boolean } = {}): Promise<ApiKeyContext> {
  return authenticateApiKey(header, meta, new Date(), options);
}

/**
 * Runs `steps` with the key's principal — from the verified-key cache when `cached` — and
 * answers only once its standing is confirmed current (decision 054): a result or a refusal
 * reached on a cached key waits for the epoch check; if the epoch moved, the cached entry is
 * dropped and the steps run again on a key read from the database now.
 */
export async function withFreshKeyOnStale<T>(
  header: string | null,
  meta: RequestMetaFull,
  cached: boolean,
  steps: (api: ApiKeyContext) => Promise<T>,
): Promise<T> {
  if (!cached) return steps(await apiKeyCaller(header, meta));
  const api = await apiKeyCaller(header, meta, { cached: true });
  try {
    let result: T;
    try {
      result = await steps(api);
    } catch (error) {
      if (!isStaleAuthority(error)) await api.confirm();
      throw error;
    }
    await api.confirm();
    return result;
  } catch (error) {
    if (!isStaleAuthority(error)) throw error;
    forgetVerifiedKey(header ?? "");
    return steps(await apiKeyCaller(header, meta));
  }
}

/** The signed-in session, or 401 UNAUTHENTICATED. */
export async function sessionCaller(): Promise<ActiveSession> {
  const session = await requestFacts().session();
  if (!session) throw new AppError("UNAUTHENTICATED");
  return session;
}

/**
 * The signed-in member of the workspace `slug`; not a member (or no such workspace) is 404,
 * never 403. A workspace that requires two-factor authentication refuses a member without a
 * second factor here, so no action or session route of it runs for them.
 */
export async function memberCaller(session: ActiveSession, slug: string): Promise<WorkspaceContext> {
  const ctx = await authorizeMember(session.user, slug, await requestFacts().meta(), undefined, session);
  if (!ctx) throw new AppError("NOT_FOUND");
  await assertTwoFactorPolicy(ctx);
  return ctx;
}

export const TWO_FACTOR_REQUIRED_MESSAGE =
  "This workspace requires two-factor authentication. Add an authenticator app or a passkey on your account page, then come back.";

/**
 * "Require two-factor authentication" (SPEC §1): a member without a second factor can do
 * nothing in the workspace until they enrol; each refusal is a security event. API keys
 * never reach this step (they are not members), as at GitHub.
 */
export async function assertTwoFactorPolicy(ctx: WorkspaceContext): Promise<void> {
  if (!ctx.twoFactor.required || ctx.twoFactor.enrolled) return;
  await recordSecurityEvent({
    type: "two_factor_required",
    workspaceId: ctx.workspace.id,
    userId: ctx.user.id,
    ...requestFieldsOf(ctx.meta),
    details: { request_id: ctx.meta.requestId ?? null },
  });
  throw new AppError("FORBIDDEN", TWO_FACTOR_REQUIRED_MESSAGE, { details: [{ issue: "two_factor_required" }] });
}

export const SUSPENDED_MESSAGE = "This workspace is suspended by the Switchboard platform team and is read-only. Its owners were emailed the reason.";
export const CLOSED_MESSAGE = "This workspace is cancelled and read-only. An owner can reactivate it from Settings before its deletion date.";

/**
 * The read-only rule (decisions 017, 019), applied by every wrapper to every entry that
 * changes state: nothing changes while platform staff hold a workspace suspended, and only
 * entries that exist for a closed workspace (reactivation) run while it is cancelled.
 */
export function assertWritable(principal: Principal, allowedWhenClosed?: string): void {
  if (principal.workspace.suspension) throw new AppError("CONFLICT", SUSPENDED_MESSAGE);
  if (principal.workspace.closure && !allowedWhenClosed) throw new AppError("CONFLICT", CLOSED_MESSAGE);
}

/** Sudo mode (SPEC §1): a password re-entry within the last 10 minutes, else StepUpRequired. */
export async function assertStepUp(session: ActiveSession): Promise<void> {
  await requireRecentAuth(session, await requestFacts().cookie(cookieNames().stepUp));
}

/** For handlers that ask for sudo mode only on some paths (an export of unmasked numbers). */
export const stepUpCheck = (session: ActiveSession) => () => assertStepUp(session);
