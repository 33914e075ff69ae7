import { describe, expect, it } from "vitest";
import { safeCallbackPath, signInPath } from "@/lib/auth/callback-url";

/**
 * Issue 16 item 2: `/sign-in?callbackUrl=%2F%09%2Fhost` answered `Location: /\t/host` (a
 * browser drops the tab and lands on the other host), and newlines or non-Latin-1 text in
 * the value crashed the response. Every spelling below must come out as a path on the app's
 * own origin, or as the fallback, and always as a valid header value.
 */

const ORIGIN = "https://app.example";
const FALLBACK = "/fallback";
const resolve = (value: unknown) => safeCallbackPath(value, { origin: ORIGIN, fallback: FALLBACK });

/** What a browser does with a Location header, from any page of the app. */
function assertSafe(result: string, input: unknown) {
  const label = JSON.stringify(input);
  expect(result, label).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
  expect(() => new Headers({ location: result }), label).not.toThrow();
  for (const from of [`${ORIGIN}/`, `${ORIGIN}/demo/calls?mode=test`, `${ORIGIN}/a/b/c/`]) {
    expect(new URL(result, from).origin, label).toBe(ORIGIN);
  }
}

/** Values that name another origin, a script, or a protocol-relative host: the fallback. */
const OFF_ORIGIN: unknown[] = [
  // control characters inside, which a URL parser silently drops
  "/\t/evil.example/",
  "/\n/evil.example",
  "/\r/evil.example",
  "/\r\n/evil.example",
  "\t//evil.example",
  "/demo\r\nSet-Cookie: a=b",
  "/demo\u0000",
  "/\u007f/evil.example",
  "java\tscript:alert(1)",
  // protocol-relative, in every slash spelling
  "//evil.example",
  "///evil.example",
  "////evil.example/x",
  "/\\evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "/\\/evil.example",
  " //evil.example",
  "/.//evil.example",
  "/..//evil.example",
  "/a/..//evil.example",
  `${ORIGIN}//evil.example`,
  // other origins and schemes
  "https://evil.example",
  "https://evil.example/demo",
  "HTTPS://EVIL.EXAMPLE",
  "hTtPs://evil.example",
  "http://app.example/",
  "https://app.example:444/",
  "https:/\\evil.example",
  "ftp://app.example/",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  " javascript:alert(1)",
  "javascript://%0aalert(1)",
  "data:text/html,<script>alert(1)</script>",
  "DATA:text/html;base64,PHNjcmlwdD4=",
  "vbscript:msgbox(1)",
  "blob:https://app.example/0b0e3b0a",
  "about:blank",
  "mailto:a@evil.example",
  // userinfo that moves the host
  "https://app.example@evil.example",
  "https://app.example:443@evil.example/",
  "https://user:pass@evil.example",
  "//app.example@evil.example",
  // unicode look-alikes of separators that a parser maps onto ASCII
  "//evil\u3002example",
  "https://evil\uff0eexample",
  // over-long (refused, never truncated)
  `/${"a".repeat(5000)}`,
  `/${"é".repeat(1000)}`,
  // not one string
  ["/demo", "//evil.example"],
  ["//evil.example"],
  [],
  42,
  {},
  null,
  undefined,
  "",
];

/** Same-origin paths in odd spellings: kept, percent-encoded where needed. */
const SAME_ORIGIN: [unknown, string][] = [
  ["/demo/calls?mode=test", "/demo/calls?mode=test"],
  ["/demo/calls?mode=test#row-3", "/demo/calls?mode=test#row-3"],
  [`${ORIGIN}/demo/calls?mode=test`, "/demo/calls?mode=test"],
  [`${ORIGIN.toUpperCase()}/demo`, "/demo"],
  ["https://app.example:443/demo", "/demo"],
  ["https://someone@app.example/demo", "/demo"],
  ["/@evil.example", "/@evil.example"],
  ["/%09/evil.example", "/%09/evil.example"],
  ["%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ["/%2F/evil.example", "/%2F/evil.example"],
  ["/%5Cevil.example", "/%5Cevil.example"],
  ["/%0d%0aSet-Cookie:%20a=b", "/%0d%0aSet-Cookie:%20a=b"],
  ["/demo\\calls", "/demo/calls"],
  ["demo/calls", "/demo/calls"],
  // the app's own scheme without slashes is a relative reference, as in a browser
  ["https:evil.example", "/evil.example"],
  ["/../../demo", "/demo"],
  ["/démo/caf\u00e9?q=é#é", "/d%C3%A9mo/caf%C3%A9?q=%C3%A9#%C3%A9"],
  ["/日本語", "/%E6%97%A5%E6%9C%AC%E8%AA%9E"],
  ["/\uff0f\uff0fevil.example", "/%EF%BC%8F%EF%BC%8Fevil.example"],
  ["/\u2028x", "/%E2%80%A8x"],
  ["/?q=a b\"<>`{}", "/?q=a%20b%22%3C%3E`{}"],
  ["/\ud800", "/%EF%BF%BD"],
  [["/demo/calls"], "/demo/calls"],
];

describe("safeCallbackPath", () => {
  it("gives the fallback for every value that is not a path on the app's origin", () => {
    for (const value of OFF_ORIGIN) {
      const result = resolve(value);
      expect(result, JSON.stringify(value)).toBe(FALLBACK);
    }
  });

  it("keeps same-origin paths, as their percent-encoded path, query and fragment", () => {
    for (const [value, expected] of SAME_ORIGIN) {
      const result = resolve(value);
      expect(result, JSON.stringify(value)).toBe(expected);
      assertSafe(result, value);
    }
  });

  it("answers a safe header value for a sweep of one- and two-character prefixes", () => {
    const pieces = ["/", "\\", "//", "\t", "\n", "\r", " ", ".", "@", ":", "%2F", "%5C", "%09", "é", "\u3002", "\uff0f", "#", "?"];
    for (const a of pieces) {
      for (const b of pieces) {
        for (const tail of ["evil.example", "evil.example/x", ""]) {
          const value = `${a}${b}${tail}`;
          const result = resolve(value);
          if (result !== FALLBACK) assertSafe(result, value);
        }
      }
    }
  });

  it("resolves against APP_URL's origin by default, with / as the fallback", () => {
    expect(safeCallbackPath("/demo/calls?x=1")).toBe("/demo/calls?x=1");
    expect(safeCallbackPath("https://evil.example/demo")).toBe("/");
    expect(safeCallbackPath("/\t/evil.example")).toBe("/");
  });
});

describe("signInPath", () => {
  it("carries the page asked for, encoded, and refuses another origin for the fallback", () => {
    expect(signInPath("/demo/calls?mode=test")).toBe("/sign-in?callbackUrl=%2Fdemo%2Fcalls%3Fmode%3Dtest");
    expect(signInPath("//evil.example", "/account")).toBe("/sign-in?callbackUrl=%2Faccount");
    expect(signInPath(null, "/demo")).toBe("/sign-in?callbackUrl=%2Fdemo");
    expect(signInPath(undefined)).toBe("/sign-in");
    expect(signInPath("https://evil.example", "https://evil.example")).toBe("/sign-in");
  });
});
