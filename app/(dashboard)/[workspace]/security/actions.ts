"use server";

import { revalidatePath } from "next/cache";
import { memberAction, type ActionResult } from "@/lib/entry/action";
import { endMemberAccess } from "@/lib/security-page/member-access";

/** Ends a member's access to this workspace: team:manage, a recent password, audited as member.access_ended. */
export const endMemberAccessAction = memberAction({ stepUp: true }, async (ctx, membershipId: string, _prev: ActionResult, _form: FormData): Promise<ActionResult> => {
  await endMemberAccess(ctx, membershipId);
  revalidatePath(`/${ctx.workspace.slug}/security`);
  return { ok: true, message: "Access ended." };
});
