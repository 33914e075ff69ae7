import "server-only";
import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { parseWith } from "../core/parse";
import { assertNoDuplicateParams, DEFAULT_BODY_LIMIT_BYTES, readJsonBody } from "../core/request-shape";
import { errorResponse } from "./respond";
import { recordSecurityEventCoalesced } from "../audit/security-events";
import { StepUpRequired } from "../auth/errors";
import type { ActiveSession } from "../auth/sessions";
import type { WorkspaceContext } from "../authz/context";
import { probingNotFound } from "../authz/foreign-object";
import type { Permission } from "../authz/permissions";
import { config } from "../config";
import { inWorkspace, type TenantTx } from "../db/scoped";
import { AppError } from "../core/errors";
import { REQUEST_ID_HEADER, resolveRequestId } from "../core/request-id";
import { clientIp } from "../security/client-ip";
import { SignedUrlError } from "../security/signed-path";
import { withRequestFacts, requestFacts, type RequestFacts } from "./facts";
import { isReadMethod, marked, type EntryInfo } from "./marker";
import { assertStepUp, assertWritable, memberCaller, sessionCaller } from "./steps";
import { requestMeta } from "../auth/request-meta";

/** What Next passes a route handler besides the request. */
export interface NextRouteContext {
  params?: Promise<Record<string, string | string[]>>;
}

export type RouteHandler = (request: NextRequest, context?: NextRouteContext) => Promise<Response>;

export type Method = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";

export interface BaseContext {
  request: NextRequest;
  requestId: string;
  params: Record<string, string>;
  /** A route parameter the route's path declares; a missing one is 404 (never the case when Next routes here). */
  param(name: string): string;
}

/** Sudo mode is asked for by the page that links here; a route only refuses, saying so. */
const stepUpRefusal = (message: string) => new AppError("FORBIDDEN", message, { details: [{ issue: "step_up_required" }] });

/** Catch-all segments arrive as arrays; handlers see one string per parameter. */
async function paramsOf(context: NextRouteContext | undefined): Promise<Record<string, string>> {
  const raw = (await context?.params) ?? {};
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
}

/**
 * A route handler's own facts: its session cookie and headers come with the request; the
 * request id is the one the response carries, so security events and audit rows join it.
 */
function factsOf(request: NextRequest, fallback: RequestFacts, requestId: string): RequestFacts {
  return { ...fallback, meta: async () => ({ ...requestMeta(request.headers), requestId }), header: async (name) => request.headers.get(name) };
}

/**
 * The frame of every route handler: the request id, the handler's steps, any answer turned
 * into a Response, any error into the SPEC's envelope with the request id, and the headers
 * the steps collected (RateLimit-*, CORS) on both.
 */
export function handleRoute(
  info: EntryInfo,
  run: (base: BaseContext, headers: Record<string, string>) => Promise<Response | unknown>,
): RouteHandler {
  const handler: RouteHandler = async (request, context) => {
    const requestId = resolveRequestId(request.headers.get(REQUEST_ID_HEADER));
    const headers: Record<string, string> = {};
    let response: Response;
    try {
      const params = await paramsOf(context);
      const param = (name: string) => {
        const value = params[name];
        if (value === undefined) throw new AppError("NOT_FOUND");
        return value;
      };
      const base = { request, requestId, params, param };
      const result = await withRequestFacts(factsOf(request, requestFacts(), requestId), () => run(base, headers));
      response = result instanceof Response ? result : NextResponse.json(result);
    } catch (error) {
      response = errorResponse(error instanceof StepUpRequired ? stepUpRefusal(error.message) : error, requestId);
    }
    response.headers.set(REQUEST_ID_HEADER, requestId);
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  };
  return marked(handler, info);
}

/** Query and JSON body through their schemas (unknown fields refused, sizes bounded). */
export async function parseInput<Q extends z.ZodType, B extends z.ZodType>(
  request: NextRequest,
  def: { query?: Q; body?: B; bodyLimitBytes?: number },
): Promise<{ query: z.infer<Q>; body: z.infer<B> }> {
  const query = def.query ? parseWith(def.query, Object.fromEntries(request.nextUrl.searchParams)) : undefined;
  const body = def.body ? parseWith(def.body, await readJsonBody(request, def.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES)) : undefined;
  return { query, body } as { query: z.infer<Q>; body: z.infer<B> };
}

export interface PublicRouteDefinition<Q extends z.ZodType, B extends z.ZodType> {
  method: Method;
  query?: Q;
  body?: B;
  bodyLimitBytes?: number;
  handler: (ctx: BaseContext & { query: z.infer<Q>; body: z.infer<B> }) => Promise<Response | unknown>;
}

/** A route anyone may call (health, the OpenAPI document, unknown /api paths). */
export function publicRoute<Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType>(def: PublicRouteDefinition<Q, B>): RouteHandler {
  return handleRoute({ kind: "route", caller: "public", method: def.method, writes: !isReadMethod(def.method) }, async (base) => {
    assertNoDuplicateParams(base.request.nextUrl.searchParams);
    return def.handler({ ...base, ...(await parseInput(base.request, def)) });
  });
}

export interface SignedUrlDefinition {
  method: "GET";
  /** The route parameter the URL's signature covers. */
  param: string;
  /** Names the refusal in security events (`invalid_signature`, details.kind). */
  kind: string;
  verify(id: string, params: URLSearchParams): Promise<{ workspaceId: string }>;
  refusals: { expired: string; invalid: string };
  handler: (ctx: BaseContext & { id: string; workspaceId: string; data: <T>(fn: (tx: TenantTx) => Promise<T>) => Promise<T> }) => Promise<Response | unknown>;
}

/**
 * A URL whose signature is the authorisation (decision 011): it grants one object of one
 * workspace for 60 seconds; the handler then reads through that workspace's scope. Expiry is
 * ordinary (a paused player); anything else was made up or altered and is a security event,
 * shown to the owners of the workspace a well-formed URL names.
 */
export function signedUrlRoute(def: SignedUrlDefinition): RouteHandler {
  return handleRoute({ kind: "route", caller: "signed", method: def.method, writes: false }, async (base) => {
    const id = base.param(def.param);
    const search = base.request.nextUrl.searchParams;
    assertNoDuplicateParams(search);
    let workspaceId: string;
    try {
      ({ workspaceId } = await def.verify(id, search));
    } catch (error) {
      if (!(error instanceof SignedUrlError)) throw error;
      if (error.reason !== "expired") {
        const ip = clientIp(base.request.headers, config().TRUST_PROXY_HOPS);
        await recordSecurityEventCoalesced(`${def.kind}:${ip}`, {
          type: "invalid_signature",
          ip,
          workspaceId: error.reason === "invalid_signature" ? search.get("w") : null,
          details: { kind: def.kind, reason: error.reason },
        });
      }
      throw new AppError("FORBIDDEN", error.reason === "expired" ? def.refusals.expired : def.refusals.invalid);
    }
    // The signature names one workspace: everything after it reads in that workspace's scope.
    return def.handler({ ...base, id, workspaceId, data: (fn) => inWorkspace(workspaceId, fn) });
  });
}

export interface SignedBodyDefinition {
  method: "POST";
  /** Names the signer, for the structural test's record (e.g. "stripe"). */
  signer: string;
  /** The handler verifies the signature over the raw body before it reads anything else. */
  handler: (ctx: BaseContext) => Promise<Response | unknown>;
}

/** A request whose body is signed by a third party (Stripe): the signature is checked over the raw bytes. */
export function signedBodyRoute(def: SignedBodyDefinition): RouteHandler {
  return handleRoute({ kind: "route", caller: "signed", method: def.method, writes: true }, async (base) => {
    assertNoDuplicateParams(base.request.nextUrl.searchParams);
    return def.handler(base);
  });
}

export interface MemberRouteContext extends BaseContext {
  principal: WorkspaceContext;
  session: ActiveSession;
  /** Sudo mode, for handlers that need it only on some paths. */
  requireStepUp: () => Promise<void>;
}

export interface MemberRouteDefinition {
  method: Method;
  /** Held by the member, or 403 after a security event; null when the handler decides (owner-only). */
  permission: Permission | null;
  stepUp?: boolean;
  /** What a refusal for want of sudo mode says (where to confirm the password). */
  stepUpMessage?: string;
  /** The route parameter naming the workspace (its slug). */
  workspaceParam?: string;
  handler: (ctx: MemberRouteContext) => Promise<Response | unknown>;
}

/**
 * A dashboard route handler (downloads, the 20 MB upload): the member's session and
 * workspace (401 without a session, 404 for a non-member), the permission, the read-only
 * rule for anything but GET/HEAD, sudo mode when asked; refusals in the JSON envelope.
 */
export function memberRoute(def: MemberRouteDefinition): RouteHandler {
  const writes = !isReadMethod(def.method);
  const info: EntryInfo = { kind: "route", caller: "member", method: def.method, writes, permission: def.permission, stepUp: def.stepUp };
  return handleRoute(info, async (base) => {
    const session = await sessionCaller();
    const principal = await memberCaller(session, base.param(def.workspaceParam ?? "workspace"));
    // The read-only rule first: its reason is the one that helps (closed workspaces keep few permissions).
    if (writes) assertWritable(principal);
    if (def.permission) await principal.require(def.permission);
    const requireStepUp = () =>
      assertStepUp(session).catch((error: unknown) => {
        throw error instanceof StepUpRequired ? stepUpRefusal(def.stepUpMessage ?? error.message) : error;
      });
    if (def.stepUp) await requireStepUp();
    return probingNotFound(principal, () => Object.entries(base.params).filter(([k]) => k !== (def.workspaceParam ?? "workspace")).map(([, v]) => v), () =>
      def.handler({ ...base, principal, session, requireStepUp }),
    );
  });
}
