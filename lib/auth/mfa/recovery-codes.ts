import { createHash, randomInt } from "node:crypto";
import type { Prisma } from "../../db/generated/client";
import { db } from "../../db/client";

/**
 * Recovery codes (SPEC §1): ten single-use codes per set, shown once. Each is 24 characters
 * of Crockford base32 (120 random bits) written `xxxx-xxxx-xxxx-xxxx-xxxx-xxxx`; stored only
 * as SHA-256 of the user id and the normalised code. ASVS 5.0 V6.5.2 allows a plain hash
 * only for lookup secrets of at least 112 bits (below that, a salted password hash); 120
 * bits keep the lookup a single indexed query, and the user id keeps equal codes of two
 * users apart (decision 040, amending 028's 60 bits). Regenerating deletes the old set.
 */
export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const LENGTH = 24;
export const RECOVERY_CODE_BITS = LENGTH * Math.log2(ALPHABET.length);

/** Lower case, no separators, and the letters people misread as digits read as digits. */
export function normaliseRecoveryCode(input: string): string {
  return input.toLowerCase().replace(/[\s-]/g, "").replace(/[il]/g, "1").replace(/o/g, "0");
}

/** Whether `input` has the shape of a recovery code (a TOTP code is six digits). */
export function looksLikeRecoveryCode(input: string): boolean {
  return input.length <= 32 && new RegExp(`^[${ALPHABET}]{${LENGTH}}$`).test(normaliseRecoveryCode(input));
}

const hashOf = (userId: string, code: string) => createHash("sha256").update(`${userId}:${normaliseRecoveryCode(code)}`).digest("hex");

/** One code from the CSPRNG, in groups of four for reading aloud and typing. */
export function newRecoveryCode(): string {
  let code = "";
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code.match(/.{4}/g)!.join("-");
}

/** A new set for the user, replacing any old one; the codes are returned once, to show. */
export async function issueRecoveryCodes(userId: string, tx?: Prisma.TransactionClient): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const write = async (client: Prisma.TransactionClient) => {
    await client.recoveryCode.deleteMany({ where: { userId } });
    await client.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashOf(userId, code) })) });
  };
  if (tx) await write(tx);
  else await db().$transaction(write);
  return codes;
}

/** Uses the code when it is one of the user's unused ones (once: parallel uses cannot both win). */
export async function consumeRecoveryCode(userId: string, input: string, now = new Date()): Promise<boolean> {
  if (!looksLikeRecoveryCode(input)) return false;
  const used = await db().recoveryCode.updateMany({ where: { userId, codeHash: hashOf(userId, input), usedAt: null }, data: { usedAt: now } });
  return used.count === 1;
}

export function recoveryCodesLeft(userId: string): Promise<number> {
  return db().recoveryCode.count({ where: { userId, usedAt: null } });
}
