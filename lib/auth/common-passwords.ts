import { dictionary } from "@zxcvbn-ts/language-common";

/**
 * The ~49,000 most common passwords (zxcvbn-ts's bundled list). A password is common when
 * it is on the list, or is a listed word followed only by digits and symbols
 * ("password1234!", "Summer2026!!!"), which is how most "long enough" weak passwords look.
 */
let common: Set<string> | undefined;

function list(): Set<string> {
  common ??= new Set((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase()));
  return common;
}

export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  if (list().has(lower)) return true;
  const base = lower.replace(/[\d\W_]+$/, "");
  return base.length >= 4 && base.length < lower.length && list().has(base);
}
