import "server-only";
import type { z } from "zod";
import { recordSecurityEventCoalesced } from "../audit/security-events";
import { requestMeta } from "../auth/request-meta";
import { AppError } from "../core/errors";
import { assertNoDuplicateParams } from "../core/request-shape";
import type { WidgetSessionCaller } from "../widget/conversation";
import { verifyWidgetToken } from "../widget/session-token";
import { handleRoute, parseInput, type BaseContext, type RouteHandler } from "./route";

export interface WidgetSessionRouteDefinition<B extends z.ZodType> {
  method: "POST";
  body?: B;
  bodyLimitBytes?: number;
  handler: (ctx: BaseContext & { body: z.infer<B>; caller: WidgetSessionCaller }) => Promise<Response | unknown>;
}

const unauthenticated = (message: string) => new AppError("UNAUTHENTICATED", message, { headers: { "WWW-Authenticate": 'Bearer realm="widget"' } });

/**
 * A widget visitor's conversation call (SPEC §14): `Authorization: Bearer <session_token>`,
 * an ES256 token naming one session of one widget of one workspace; the path's session must
 * be the token's. Everything after reads in the token's workspace only, so a token of one
 * widget can never reach another workspace's session. A token that does not verify, or
 * names another session, is a security event (coalesced per IP); an expired one is ordinary.
 */
export function widgetSessionRoute<B extends z.ZodType = z.ZodType>(def: WidgetSessionRouteDefinition<B>): RouteHandler {
  return handleRoute({ kind: "route", caller: "widgetSession", method: def.method, writes: true }, async (base) => {
    assertNoDuplicateParams(base.request.nextUrl.searchParams);
    const header = base.request.headers.get("authorization") ?? "";
    const match = /^Bearer ([A-Za-z0-9._-]{20,2000})$/.exec(header);
    if (!match) throw unauthenticated("Start a chat first.");
    const check = await verifyWidgetToken(match[1]!, new Date());
    const meta = requestMeta(base.request.headers);
    const event = (reason: string, workspaceId: string | null) =>
      recordSecurityEventCoalesced(`widget-token:${meta.ip}`, {
        type: "invalid_widget_token",
        workspaceId,
        ip: meta.ip,
        userAgent: meta.userAgent,
        requestId: base.requestId,
        details: { reason },
      });
    if (!check.ok) {
      if (check.reason === "expired") throw unauthenticated("This chat session has expired. Start a new chat to continue.");
      await event("invalid", null);
      throw unauthenticated("Start a chat first.");
    }
    if (check.claims.sessionId !== base.param("id")) {
      await event("other_session", check.claims.workspaceId);
      throw new AppError("NOT_FOUND", "This chat is no longer available.");
    }
    const { body } = await parseInput(base.request, def);
    return def.handler({ ...base, body, caller: check.claims });
  });
}
