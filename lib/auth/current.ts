import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { REQUESTED_PATH_HEADER, signInPath } from "./callback-url";
import { cookieNames } from "./cookies";
import { requestMeta, type RequestMetaFull } from "./request-meta";
import { resolveSession, type ActiveSession } from "./sessions";
import { stepUpSecondsLeft } from "./step-up";

/** The signed-in session of this request (pages, server actions), checked once per request. */
export const currentSession = cache(async (): Promise<ActiveSession | null> => {
  const store = await cookies();
  return resolveSession(store.get(cookieNames().session)?.value);
});

/** The session, or a redirect to sign-in that comes back here afterwards (else to `returnTo`). */
export async function requireSession(returnTo?: string): Promise<ActiveSession> {
  const session = await currentSession();
  if (!session) {
    redirect(signInPath((await headers()).get(REQUESTED_PATH_HEADER), returnTo));
  }
  return session;
}

export async function currentRequestMeta(): Promise<RequestMetaFull> {
  return requestMeta(await headers());
}

export async function currentStepUpSecondsLeft(session: ActiveSession): Promise<number> {
  const store = await cookies();
  return stepUpSecondsLeft(session, store.get(cookieNames().stepUp)?.value);
}
