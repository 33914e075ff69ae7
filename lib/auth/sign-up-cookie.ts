import { randomUUID } from "node:crypto";
import { sealData, unsealData } from "iron-session";
import { config } from "../config";
import { cookieNames, cookieOptions } from "./cookies";
import { VERIFICATION_TTL_SECONDS } from "./email-verification";

/**
 * The browser that signed up (decision 032): a sealed cookie naming the pending account, so
 * the verification link opened in that browser needs no password, and in any other browser
 * it does. Every sign-up sets it — naming a random id when nothing was created (the address
 * already had an account) — so the answer looks the same for every address.
 */
interface Sealed {
  kind: "sign_up";
  u: string;
}

const password = () => config().secrets.IRON_SESSION_PASSWORD!;

export async function signUpCookie(pendingUserId: string | null) {
  const value = await sealData({ kind: "sign_up", u: pendingUserId ?? randomUUID() } satisfies Sealed, { password: password(), ttl: VERIFICATION_TTL_SECONDS });
  return { name: cookieNames().signUp, value, options: cookieOptions(VERIFICATION_TTL_SECONDS) };
}

/** Whether the sealed sign-up cookie names `userId` (false for none, a forgery or another shape). */
export async function signedUpHere(sealed: string | undefined, userId: string): Promise<boolean> {
  if (!sealed) return false;
  try {
    const data = await unsealData<Partial<Sealed>>(sealed, { password: password(), ttl: VERIFICATION_TTL_SECONDS });
    return data.kind === "sign_up" && data.u === userId;
  } catch {
    return false;
  }
}
