/**
 * Spellings of one path, for the throttle tests (test/unit/routed-path.test.ts and
 * e2e/throttle-paths.spec.ts): every way a client can write a limited path, sorted by what
 * Next 16 makes of it (see lib/security/routed-path.ts).
 *
 * - `same`: Next routes it to the same route: an unreserved character percent-encoded (hex
 *   in either case), `//`, a trailing `/`, `\`, `.` and `..` segments (plain or `%2e`).
 * - `other`: Next routes it elsewhere, so it is not the limited route at all: a letter in the
 *   other case (routes and next-auth's action and provider are case-sensitive; `%43` is `C`),
 *   a double-encoded character (`%2563` is the three characters `%63` once decoded).
 * - `refused`: Next reads it two ways or not at all; the gate answers 400: an encoded slash
 *   or backslash in place of a separator (`%2F`, `%5C`, either case), malformed or non-UTF-8
 *   escapes.
 */
export interface PathVariant {
  path: string;
  kind: "same" | "other" | "refused";
  how: string;
}

const hex = (char: string) => char.charCodeAt(0).toString(16).padStart(2, "0");
const lower = (char: string) => `%${hex(char)}`;
const upper = (char: string) => `%${hex(char).toUpperCase()}`;

function segmentsOf(path: string): string[] {
  return path.split("/").slice(1);
}

const join = (segments: string[]) => `/${segments.join("/")}`;

/** `path` with the character at `index` of segment `s` replaced by `by(char)`. */
function replaceChar(segments: string[], s: number, index: number, by: (char: string) => string): string {
  return join(segments.map((segment, i) => (i === s ? segment.slice(0, index) + by(segment.charAt(index)) + segment.slice(index + 1) : segment)));
}

/** Every variant of `path` (an absolute path of unreserved characters, no trailing slash). */
export function pathVariants(path: string): PathVariant[] {
  const segments = segmentsOf(path);
  const out: PathVariant[] = [];
  const add = (variant: string, kind: PathVariant["kind"], how: string) => {
    if (variant !== path && !out.some((v) => v.path === variant)) out.push({ path: variant, kind, how });
  };

  segments.forEach((segment, s) => {
    for (let i = 0; i < segment.length; i++) {
      const char = segment.charAt(i);
      add(replaceChar(segments, s, i, lower), "same", `'${char}' encoded`);
      add(replaceChar(segments, s, i, upper), "same", `'${char}' encoded, upper-case hex`);
      const flipped = char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase();
      if (flipped !== char) {
        add(replaceChar(segments, s, i, () => flipped), "other", `'${char}' in the other case`);
        add(replaceChar(segments, s, i, () => lower(flipped)), "other", `'${char}' in the other case, encoded`);
      }
    }
    const first = segment.charAt(0);
    add(replaceChar(segments, s, 0, (c) => `%25${hex(c)}`), "other", `'${first}' double-encoded`);
    add(replaceChar(segments, s, 0, (c) => `%25${hex(c).toUpperCase()}`), "other", `'${first}' double-encoded, upper-case hex`);
  });
  add(join(segments.map((segment) => [...segment].map(upper).join(""))), "same", "every character encoded");

  // Separators: each one after the first doubled, a backslash, or encoded.
  for (let s = 1; s < segments.length; s++) {
    const before = join(segments.slice(0, s));
    const after = segments.slice(s).join("/");
    add(`${before}//${after}`, "same", `'//' before segment ${s}`);
    add(`${before}\\${after}`, "same", `'\\' before segment ${s}`);
    add(`${before}/./${after}`, "same", `'/./' before segment ${s}`);
    add(`${before}/%2e/${after}`, "same", `'/%2e/' before segment ${s}`);
    add(`${before}/x/../${after}`, "same", `'/x/../' before segment ${s}`);
    add(`${before}/x/%2E%2e/${after}`, "same", `'/x/%2E%2e/' before segment ${s}`);
    add(`${before}/x/.%2E/${after}`, "same", `'/x/.%2E/' before segment ${s}`);
    for (const encoded of ["%2F", "%2f", "%5C", "%5c"]) add(`${before}${encoded}${after}`, "refused", `'${encoded}' before segment ${s}`);
    add(`${before}%252F${after}`, "other", `'%252F' (a double-encoded slash) before segment ${s}`);
  }
  add(`//${segments.join("/")}`, "same", "a doubled leading slash");
  add(`${path}/`, "same", "a trailing slash");
  add(`${path}//`, "same", "two trailing slashes");
  add(`${path}/.`, "same", "a trailing '/.'");
  add(`${path}/x/..`, "same", "a trailing '/x/..'");
  add(`${replaceChar(segments, 0, 0, lower)}//`, "same", "an encoded character and a trailing '//'");
  add(`${path}%`, "refused", "a lone '%'");
  add(`${path}%zz`, "refused", "'%zz'");
  add(`${path}%C0%AF`, "refused", "an overlong UTF-8 '/'");
  add(`${path}%FF`, "refused", "an escape that is not UTF-8");
  return out;
}
