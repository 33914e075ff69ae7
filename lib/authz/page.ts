import "server-only";
import { cookies } from "next/headers";
import { forbidden, notFound } from "next/navigation";
import { cache } from "react";
import type { NextRequest } from "next/server";
import { AppError } from "../core/errors";
import { resolveRequestId } from "../core/request-id";
import { errorResponse } from "../api/respond";
import { cookieNames } from "../auth/cookies";
import { currentRequestMeta, currentSession, requireSession } from "../auth/current";
import { StepUpRequired } from "../auth/errors";
import { requireRecentAuth } from "../auth/step-up";
import { formErrorOf, type ActionResult } from "../forms/form-state";
import { authorizeMember, type WorkspaceContext } from "./context";
import type { Permission } from "./permissions";

/** The member's workspace context for this request (layout and page share one lookup). */
export const workspaceContext = cache(async (slug: string): Promise<WorkspaceContext> => {
  const session = await requireSession(`/${slug}`);
  const ctx = await authorizeMember(session.user, slug, await currentRequestMeta());
  // Not a member, or no such workspace: 404, never 403 — existence is not ours to tell.
  if (!ctx) notFound();
  return ctx;
});

/** For pages: the context, and a 403 page (plus a security event) without the permission. */
export async function requireWorkspacePage(slug: string, permission?: Permission): Promise<WorkspaceContext> {
  const ctx = await workspaceContext(slug);
  if (permission && !ctx.can(permission)) {
    await ctx.deny(permission, "missing").catch(() => forbidden());
  }
  return ctx;
}

const CLOSED_MESSAGE = "This workspace is cancelled and read-only. An owner can reactivate it from Settings before its deletion date.";

const SUSPENDED_MESSAGE = "This workspace is suspended by the Switchboard platform team and is read-only. Its owners were emailed the reason.";

/** For dashboard route handlers that change things (uploads): the read-only rule of runWorkspaceAction. */
export function assertWorkspaceOpen(ctx: WorkspaceContext): void {
  if (ctx.workspace.suspension) throw new AppError("CONFLICT", SUSPENDED_MESSAGE);
  if (ctx.workspace.closure) throw new AppError("CONFLICT", CLOSED_MESSAGE);
}

export type { ActionResult };

/**
 * For server actions: the same authorisation path, then `fn`. Sensitive actions pass
 * `stepUp` and need a password re-entry within 10 minutes. Refusals and validation errors
 * come back as form state; NOT_FOUND / FORBIDDEN never reveal more than their message.
 * In a cancelled workspace only actions marked `allowedWhenClosed` run.
 */
export async function runWorkspaceAction(
  slug: string,
  options: { stepUp?: boolean; allowedWhenClosed?: boolean },
  fn: (ctx: WorkspaceContext) => Promise<ActionResult | void>,
): Promise<ActionResult> {
  const session = await requireSession(`/${slug}`);
  const ctx = await authorizeMember(session.user, slug, await currentRequestMeta());
  if (!ctx) return { error: "Not found." };
  // A cancelled workspace is read-only (decision 017): every change is refused here, in one
  // place, except the few actions that exist for a closed workspace (reactivation).
  // A suspension is lifted only by platform staff (decision 019): nothing runs meanwhile.
  if (ctx.workspace.suspension) return { error: SUSPENDED_MESSAGE };
  if (ctx.workspace.closure && !options.allowedWhenClosed) return { error: CLOSED_MESSAGE };
  try {
    if (options.stepUp) await requireRecentAuth(session, (await cookies()).get(cookieNames().stepUp)?.value);
    return (await fn(ctx)) ?? { ok: true };
  } catch (error) {
    if (error instanceof StepUpRequired) return { error: error.message, stepUpRequired: true };
    if (error instanceof AppError) return formErrorOf(error);
    throw error;
  }
}

/**
 * For dashboard route handlers (downloads): the same authorisation path, with refusals as
 * ApiErrors for the JSON envelope — no session 401, not a member 404, no permission 403
 * (after the security event).
 */
export async function workspaceRouteContext(slug: string, permission: Permission | null): Promise<WorkspaceContext & { requireStepUp: () => Promise<void> }> {
  const session = await currentSession();
  if (!session) throw new AppError("UNAUTHENTICATED");
  const ctx = await authorizeMember(session.user, slug, await currentRequestMeta());
  if (!ctx) throw new AppError("NOT_FOUND");
  if (permission) await ctx.require(permission);
  const stepUpCookie = (await cookies()).get(cookieNames().stepUp)?.value;
  // Sensitive downloads ask for sudo mode the way runWorkspaceAction does.
  return { ...ctx, requireStepUp: () => requireRecentAuth(session, stepUpCookie) };
}

/**
 * A dashboard download route (GET /{workspace}/…/export): the member's context (with the
 * permission, when one is named), then `fn`; refusals and errors as the JSON envelope with
 * the request id.
 */
export function workspaceDownload(
  permission: Permission | null,
  fn: (ctx: WorkspaceContext & { requireStepUp: () => Promise<void> }, search: URLSearchParams, requestId: string) => Promise<Response>,
) {
  return async (request: NextRequest, { params }: { params: Promise<{ workspace: string }> }): Promise<Response> => {
    const requestId = resolveRequestId(request.headers.get("x-request-id"));
    try {
      const ctx = await workspaceRouteContext((await params).workspace, permission);
      return await fn(ctx, request.nextUrl.searchParams, requestId);
    } catch (error) {
      if (error instanceof StepUpRequired) return errorResponse(new AppError("FORBIDDEN", error.message), requestId);
      return errorResponse(error, requestId);
    }
  };
}
