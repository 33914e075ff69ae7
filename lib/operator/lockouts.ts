import type { RequestMeta } from "../audit/context";
import { recordAudit } from "../audit/record";
import { emailKey, emailSchema } from "../auth/email-address";
import { db } from "../db/client";
import type { Staff } from "./session";
import { staffActor } from "./staff-auth";

/**
 * Sign-in lockouts (SPEC §1) as the console shows and clears them (SPEC §11). Throttles are
 * keyed by a hash of the address, never the address: the console lists hashes, and an
 * operator who knows the address (from the member asking for help) clears it by typing it.
 */
export interface Lockout {
  emailHash: string;
  failures: number;
  lockedUntil: Date;
}

export async function listLockouts(now = new Date(), limit = 100): Promise<Lockout[]> {
  const rows = await db().loginThrottle.findMany({
    where: { lockedUntil: { gt: now } },
    orderBy: { lockedUntil: "desc" },
    take: limit,
    select: { emailHash: true, failures: true, lockedUntil: true },
  });
  return rows.map((r) => ({ emailHash: r.emailHash, failures: r.failures, lockedUntil: r.lockedUntil! }));
}

const HASH = /^[0-9a-f]{64}$/;

/** Clears one throttle row by its hash; returns whether there was one. Audited in the platform chain. */
export async function clearLockoutByHash(staff: Staff, emailHash: string, meta: RequestMeta): Promise<boolean> {
  if (!HASH.test(emailHash)) return false;
  const { count } = await db().loginThrottle.deleteMany({ where: { emailHash } });
  if (count > 0) {
    await recordAudit({ actor: staffActor(staff), workspaceId: null, ...meta }, "lockout.cleared", { type: "login_throttle", id: emailHash.slice(0, 12) });
  }
  return count > 0;
}

/** Clears the member lockout of an address; `null` when the address is not valid. */
export async function clearLockoutByEmail(staff: Staff, email: string, meta: RequestMeta): Promise<boolean | null> {
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success) return null;
  return clearLockoutByHash(staff, emailKey(parsed.data), meta);
}
