"use server";

import { publicAction } from "@/lib/entry/action";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cookieNames } from "@/lib/auth/cookies";
import { currentRequestMeta, currentSession } from "@/lib/auth/current";
import { revokeSession } from "@/lib/auth/sessions";
import { recordUserAudit } from "@/lib/auth/user-events";

export const signOutAction = publicAction(async (): Promise<void> => {
  const session = await currentSession();
  if (session && (await revokeSession(session.user.id, session.sessionId, "signed_out"))) {
    await recordUserAudit(session.user, "user.signed_out", await currentRequestMeta(), { type: "session", id: session.sessionId });
  }
  const store = await cookies();
  store.delete(cookieNames().session);
  store.delete(cookieNames().stepUp);
  redirect("/sign-in?notice=signed_out");
}, { unthrottled: "signing out must always work" });
