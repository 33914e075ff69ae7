import { db } from "../../db/client";

/** What a user has enrolled as a second factor (SPEC §1). */
export interface SecondFactors {
  totp: boolean;
  passkeys: number;
  recoveryCodesLeft: number;
}

export async function secondFactorsOf(userId: string): Promise<SecondFactors> {
  const [user, passkeys, recoveryCodesLeft] = await Promise.all([
    db().user.findUnique({ where: { id: userId }, select: { totpEnabledAt: true } }),
    db().passkey.count({ where: { userId } }),
    db().recoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  return { totp: Boolean(user?.totpEnabledAt), passkeys, recoveryCodesLeft };
}

/** A user with TOTP or a passkey needs a second factor to sign in and to step up. */
export function enrolled(factors: SecondFactors): boolean {
  return factors.totp || factors.passkeys > 0;
}

/** One query at most; none when the caller's row of the user shows an authenticator app already. */
export async function hasSecondFactor(userId: string, known?: { totpEnabledAt: Date | null } | null): Promise<boolean> {
  if (known?.totpEnabledAt) return true;
  if (known) return (await db().passkey.count({ where: { userId }, take: 1 })) > 0;
  const [row] = await db().$queryRaw<{ enrolled: boolean }[]>`
    SELECT (EXISTS (SELECT 1 FROM users WHERE id = ${userId}::uuid AND totp_enabled_at IS NOT NULL)
         OR EXISTS (SELECT 1 FROM passkeys WHERE user_id = ${userId}::uuid)) AS enrolled`;
  return row?.enrolled ?? false;
}
