/**
 * ASVS V6.2.11: context-specific words. The words an attacker who targets this account
 * tries first — the product's name, the workspace's name and slug, the user's name, the
 * parts of their email address — count for nothing in a new password: what is left once
 * they are taken out (in any case, also spelt with digits for letters: "Sw1tchb0ard") must
 * still pass the length and common-password rules on its own. So "acme-2026!" for the
 * workspace Acme is refused, and a long passphrase that happens to hold a name is not.
 * (zxcvbn's "user inputs" rank such words as the cheapest guesses for the same reason; we
 * keep the rule explicit rather than a score, so the message can say which word it was.)
 */

export const PRODUCT_NAME = "switchboard";

export interface PasswordContext {
  email?: string | null;
  name?: string | null;
  /** The workspaces the password will guard (the one being created, joined, or the user's). */
  workspaces?: ReadonlyArray<{ name?: string | null; slug?: string | null }>;
}

export type ContextSource = "product" | "workspace" | "name" | "email";

export const CONTEXT_REASON: Record<ContextSource, string> = {
  product: "the product's name (Switchboard)",
  workspace: "your workspace's name",
  name: "your name",
  email: "your email address",
};

/** Shorter pieces ("li", "co", "a1") are too short to be what makes a password guessable. */
const MIN_WORD_LENGTH = 4;

function tokens(text: string | null | undefined): string[] {
  if (!text) return [];
  const lower = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const compact = lower.replace(/[^\p{L}\p{N}]+/gu, "");
  const parts = lower.split(/[^\p{L}]+/u);
  return [compact, ...parts].filter((w) => w.length >= MIN_WORD_LENGTH);
}

function emailTokens(email: string | null | undefined): string[] {
  if (!email) return [];
  const at = email.lastIndexOf("@");
  const local = at >= 0 ? email.slice(0, at) : email;
  // Every domain label but the top-level one ("example" of grace@mail.example.com).
  const labels = at >= 0 ? email.slice(at + 1).toLowerCase().split(".").slice(0, -1) : [];
  return [...tokens(local), ...labels.flatMap(tokens)];
}

/** The context words, longest first so "acmecorp" is taken out before "acme". */
export function contextWords(context: PasswordContext): Array<{ word: string; source: ContextSource }> {
  const seen = new Set<string>();
  const words: Array<{ word: string; source: ContextSource }> = [];
  const add = (source: ContextSource, list: string[]) => {
    for (const word of list) {
      if (!seen.has(word)) {
        seen.add(word);
        words.push({ word, source });
      }
    }
  };
  add("product", [PRODUCT_NAME]);
  for (const w of context.workspaces ?? []) add("workspace", [...tokens(w.name), ...tokens(w.slug)]);
  add("name", tokens(context.name));
  add("email", emailTokens(context.email));
  return words.sort((a, b) => b.word.length - a.word.length);
}

// The usual digit-and-symbol spellings of letters.
const LEET: Record<string, string> = { a: "a4@", b: "b8", e: "e3", g: "g9", i: "i1!|", l: "l1|", o: "o0", s: "s5$", t: "t7+", z: "z2" };
const escape = (c: string) => c.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");

function wordPattern(word: string): RegExp {
  const body = [...word].map((c) => (LEET[c] ? `[${[...LEET[c]].map(escape).join("")}]` : escape(c))).join("");
  return new RegExp(body, "giu");
}

/**
 * Takes every context word out of the password. Returns what is left and the source of the
 * first (longest) word found, or null when the password holds none.
 */
export function withoutContextWords(password: string, context: PasswordContext): { rest: string; source: ContextSource } | null {
  let rest = password.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  let first: ContextSource | null = null;
  for (const { word, source } of contextWords(context)) {
    const next = rest.replace(wordPattern(word), "");
    if (next !== rest) {
      first ??= source;
      rest = next;
    }
  }
  return first ? { rest, source: first } : null;
}
