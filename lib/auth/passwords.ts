import argon2 from "argon2";
import { breachCount } from "./breached-passwords";
import { isCommonPassword } from "./common-passwords";
import { CONTEXT_REASON, withoutContextWords, type PasswordContext } from "./password-context";

export type { PasswordContext } from "./password-context";

/** OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane. */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Pays the cost of one verification against nothing, so that an unknown email takes as long
 * to refuse as a wrong password (no account enumeration by timing).
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword("switchboard-dummy-password-for-timing");
  await verifyPassword(await dummyHash, password);
  return false;
}

/** The local rules (length, repetition, common list) alone, with the words to say "it". */
function shapeProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (/^(.)\1+$/.test(password)) return "Don't repeat one character.";
  if (isCommonPassword(password)) return "This password is too common. Choose something less predictable.";
  return null;
}

/**
 * The reason a new password is refused by the rules that need no network, or null.
 * Context words (password-context.ts) count for nothing: what is left without them must
 * pass the same rules.
 */
export function passwordProblem(password: string, context: PasswordContext = {}): string | null {
  const problem = shapeProblem(password);
  if (problem) return problem;
  const found = withoutContextWords(password, context);
  if (found) {
    const rest = found.rest.replace(/^[\s\W_]+|[\s\W_]+$/gu, "");
    const leftIsWeak = rest.length < PASSWORD_MIN_LENGTH || /^(.)\1*$/.test(rest) || isCommonPassword(rest) || !/\p{L}/u.test(rest);
    if (leftIsWeak) {
      return `This password contains ${CONTEXT_REASON[found.source]}, the first thing an attacker would try. Add words of your own, or choose another.`;
    }
  }
  return null;
}

/**
 * Every rule for a password being set (sign-up, reset, change, invitation, staff): the local
 * ones, then the breached-password corpus (ASVS V6.2.12), which is skipped — never fatal —
 * when the service cannot answer in time.
 */
export async function newPasswordProblem(password: string, context: PasswordContext = {}): Promise<string | null> {
  const local = passwordProblem(password, context);
  if (local) return local;
  const breaches = await breachCount(password);
  if (breaches !== null && breaches > 0) {
    const times = breaches === 1 ? "once" : `${breaches.toLocaleString("en-US")} times`;
    return `This password appears in known data breaches (seen ${times}), so attackers try it first. Choose another.`;
  }
  return null;
}
