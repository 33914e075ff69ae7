import type { RequestMeta } from "../audit/context";
import { recordSecurityEventCoalesced, requestFieldsOf } from "../audit/security-events";
import { db } from "../db/client";
import { WORKSPACE_SLUG } from "../workspaces/membership";

/**
 * A signed-in user asked for a workspace they are not a member of (SPEC §2: "every
 * authorisation failure is a security event", non-members included). The answer stays 404;
 * the event goes to that workspace, so its owners see who probed it (the Security page joins
 * users through RLS, so it shows no name or email of a non-member, only the id), or to the
 * platform when no such workspace exists. Coalesced per user and slug: a page and its layout
 * ask twice, and a script asks thousands of times. Text that cannot be a slug (`favicon.ico`)
 * is not a probe.
 */
export async function recordNonMemberDenial(userId: string, slug: string, meta: RequestMeta): Promise<void> {
  if (!WORKSPACE_SLUG.test(slug)) return;
  const workspace = await db().workspace.findUnique({ where: { slug }, select: { id: true } });
  await recordSecurityEventCoalesced(`non-member:${userId}:${slug}`, {
    type: "authorization_denied",
    workspaceId: workspace?.id ?? null,
    userId,
    ...requestFieldsOf(meta),
    details: workspace ? { reason: "not_member" } : { reason: "unknown_workspace", slug },
  });
}
