import "server-only";
import { forbidden, notFound, redirect } from "next/navigation";
import { cache } from "react";
import type { ActiveSession } from "../auth/sessions";
import { authorizeMember, type WorkspaceContext } from "../authz/context";
import { probingNotFound } from "../authz/foreign-object";
import { AppError } from "../core/errors";
import type { Permission } from "../authz/permissions";
import { requestFacts, signInPathForRequest } from "./facts";
import { assertTwoFactorPolicy } from "./steps";

/**
 * Pages render; they never change anything, so the read-only rule does not apply (the
 * banner says it instead). Every page under app/ starts with one of these (a structural
 * test holds each page to it), or is on that test's short list of public pages.
 */

/** The session, or sign-in that comes back to the page asked for (`returnTo` where it is not known). */
export async function sessionPage(returnTo: string): Promise<ActiveSession> {
  const session = await requestFacts().session();
  if (!session) redirect(await signInPathForRequest(returnTo));
  return session;
}

/** The member's context for this request (the layout and its page share one lookup). */
export const workspacePage = cache(async (slug: string): Promise<WorkspaceContext> => {
  const session = await sessionPage(`/${slug}`);
  const ctx = await authorizeMember(session.user, slug, await requestFacts().meta(), undefined, session);
  // Not a member, or no such workspace: 404, never 403 — existence is not ours to tell.
  if (!ctx) notFound();
  try {
    await assertTwoFactorPolicy(ctx);
  } catch {
    // The workspace requires a second factor this member has not set up: enrolment first.
    redirect(`/account?two_factor_required=${encodeURIComponent(slug)}#two-factor`);
  }
  return ctx;
});

/** A workspace page that needs a permission: without it, a security event and the 403 page. */
export async function memberPage(slug: string, permission?: Permission): Promise<WorkspaceContext> {
  const ctx = await workspacePage(slug);
  if (permission && !ctx.can(permission)) {
    await ctx.deny(permission, "missing").catch(() => undefined);
    forbidden();
  }
  return ctx;
}

/**
 * The object a page is about, by the id in its URL: NOT_FOUND is the 404 page, as for any
 * unknown id, and another workspace's id is a security event first (SPEC §2).
 */
export async function pageObject<T>(ctx: WorkspaceContext, id: string, load: () => Promise<T>): Promise<T> {
  try {
    return await probingNotFound(ctx, () => [id], load);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}
