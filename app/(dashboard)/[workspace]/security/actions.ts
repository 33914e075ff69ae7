"use server";

import { revalidatePath } from "next/cache";
import { memberAction, type ActionResult } from "@/lib/entry/action";
import { revokeMemberSession } from "@/lib/security-page/sessions";

/** Ends a member's session: team:manage, a recent password, audited as session.revoked. */
export const revokeMemberSessionAction = memberAction({ stepUp: true }, async (ctx, sessionId: string, _prev: ActionResult, _form: FormData): Promise<ActionResult> => {
  const slug = ctx.workspace.slug;
  await revokeMemberSession(ctx, sessionId);
  revalidatePath(`/${slug}/security`);
  return { ok: true, message: "Session revoked." };
});
