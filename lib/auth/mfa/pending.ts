import { createHash } from "node:crypto";
import { sealData, unsealData } from "iron-session";
import { config } from "../../config";

/**
 * Between the password and the second factor (SPEC §1, decision 028) the browser holds only
 * this: a sealed note that the password was right, for 5 minutes, naming the user and bound
 * to the browser that typed it (a hash of its User-Agent: a note carried to another browser
 * is refused). It is never a session — nothing but the second step reads it, and it proves
 * nothing without a second factor.
 */
export const PENDING_TTL_SECONDS = 5 * 60;

interface PendingNote {
  uid: string;
  at: number;
  browser: string;
}

export interface BrowserFacts {
  userAgent?: string | null;
}

const password = () => config().secrets.IRON_SESSION_PASSWORD!;
const browserOf = (facts: BrowserFacts) => createHash("sha256").update(`ua:${facts.userAgent ?? ""}`).digest("base64url").slice(0, 22);

export function sealPendingSignIn(userId: string, browser: BrowserFacts, now = new Date()): Promise<string> {
  return sealData({ uid: userId, at: now.getTime(), browser: browserOf(browser) } satisfies PendingNote, { password: password(), ttl: PENDING_TTL_SECONDS });
}

/** The user whose password this browser typed in the last 5 minutes; null when stale, foreign or forged. */
export async function openPendingSignIn(sealed: string | null | undefined, browser: BrowserFacts, now = new Date()): Promise<string | null> {
  if (!sealed) return null;
  try {
    const note = await unsealData<Partial<PendingNote>>(sealed, { password: password(), ttl: PENDING_TTL_SECONDS });
    if (typeof note.uid !== "string" || typeof note.at !== "number" || note.browser !== browserOf(browser)) return null;
    const age = now.getTime() - note.at;
    return age >= 0 && age <= PENDING_TTL_SECONDS * 1000 ? note.uid : null;
  } catch {
    return null;
  }
}
