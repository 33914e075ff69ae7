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

export async function hasSecondFactor(userId: string): Promise<boolean> {
  return enrolled(await secondFactorsOf(userId));
}
