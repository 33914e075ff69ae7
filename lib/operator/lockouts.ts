import { emailKey, emailSchema } from "../auth/email-address";
import type { StaffContext, StaffReader } from "./context";

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

export async function listLockouts(ctx: StaffReader, now = new Date(), limit = 100): Promise<Lockout[]> {
  const rows = await ctx.data((tx) =>
    tx.loginThrottle.findMany({
      where: { lockedUntil: { gt: now } },
      orderBy: { lockedUntil: "desc" },
      take: limit,
      select: { emailHash: true, failures: true, lockedUntil: true },
    }),
  );
  return rows.map((r) => ({ emailHash: r.emailHash, failures: r.failures, lockedUntil: r.lockedUntil! }));
}

const HASH = /^[0-9a-f]{64}$/;

/** Clears one throttle row by its hash; returns whether there was one. Audited in the platform chain, with the change. */
export async function clearLockoutByHash(ctx: StaffContext, emailHash: string): Promise<boolean> {
  if (!HASH.test(emailHash)) return false;
  return ctx.data(async (tx) => {
    const { count } = await tx.loginThrottle.deleteMany({ where: { emailHash } });
    if (count > 0) await ctx.audit("lockout.cleared", { type: "login_throttle", id: emailHash.slice(0, 12) }, null, { tx });
    return count > 0;
  });
}

/** Clears the member lockout of an address; `null` when the address is not valid. */
export async function clearLockoutByEmail(ctx: StaffContext, email: string): Promise<boolean | null> {
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success) return null;
  return clearLockoutByHash(ctx, emailKey(parsed.data));
}
