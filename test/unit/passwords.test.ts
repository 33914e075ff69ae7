import { describe, expect, it } from "vitest";
import { isCommonPassword } from "@/lib/auth/common-passwords";
import { passwordProblem } from "@/lib/auth/passwords";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { isCrossSiteStateChange } from "@/lib/security/csrf";

describe("password rules", () => {
  it("needs 12 characters", () => {
    expect(passwordProblem("short pass")).toMatch(/12/);
    expect(passwordProblem("a fine long passphrase")).toBeNull();
  });

  it("refuses common passwords, also with digits and symbols tacked on", () => {
    for (const p of ["qwerty123456", "1q2w3e4r5t6y", "password1234!", "Sunshine2026!!", "iloveyou12345"]) {
      expect(isCommonPassword(p), p).toBe(true);
      expect(passwordProblem(p), p).toMatch(/common/);
    }
    expect(isCommonPassword("violet-lamp-orbit-9")).toBe(false);
  });

  it("refuses a repeated character and the email's name", () => {
    expect(passwordProblem("aaaaaaaaaaaaaa")).toMatch(/repeat/);
    expect(passwordProblem("my-grace-hopper-pass", { email: "grace@example.com" })).toMatch(/email/);
  });
});

describe("callback URLs", () => {
  it("keep same-site paths and drop everything else", () => {
    expect(safeCallbackPath("/demo/calls?x=1")).toBe("/demo/calls?x=1");
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", undefined]) {
      expect(safeCallbackPath(bad)).toBe("/");
    }
  });
});

describe("cross-site check", () => {
  const own = ["https://sb.example.com"];
  const req = (method: string, headers: Record<string, string>) => ({ method, headers: new Headers(headers) });
  it("refuses a cookie-carrying POST from another origin", () => {
    expect(isCrossSiteStateChange(req("POST", { origin: "https://evil.example" }), own, true)).toBe(true);
    expect(isCrossSiteStateChange(req("DELETE", { "sec-fetch-site": "cross-site" }), own, true)).toBe(true);
    expect(isCrossSiteStateChange(req("POST", { origin: "null" }), own, true)).toBe(true);
  });
  it("lets same-origin, safe methods and cookie-less requests through", () => {
    expect(isCrossSiteStateChange(req("POST", { origin: "https://sb.example.com" }), own, true)).toBe(false);
    expect(isCrossSiteStateChange(req("POST", { "sec-fetch-site": "same-origin" }), own, true)).toBe(false);
    expect(isCrossSiteStateChange(req("GET", { origin: "https://evil.example" }), own, true)).toBe(false);
    expect(isCrossSiteStateChange(req("POST", { origin: "https://evil.example" }), own, false)).toBe(false);
  });
});
