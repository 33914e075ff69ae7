"use server";

import { revalidatePath } from "next/cache";
import { runWorkspaceAction, type ActionResult } from "@/lib/authz/page";
import { revokeMemberSession } from "@/lib/security-page/sessions";

/** Ends a member's session: team:manage, a recent password, audited as session.revoked. */
export async function revokeMemberSessionAction(slug: string, sessionId: string, _prev: ActionResult, _form: FormData): Promise<ActionResult> {
  return runWorkspaceAction(slug, { stepUp: true }, async (ctx) => {
    await revokeMemberSession(ctx, sessionId);
    revalidatePath(`/${slug}/security`);
    return { ok: true, message: "Session revoked." };
  });
}
