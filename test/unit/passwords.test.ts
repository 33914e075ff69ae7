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
    expect(passwordProblem("grace-hopper-42!", { email: "grace@example.com" })).toMatch(/email/);
  });
});

describe("context-specific words (ASVS V6.2.11)", () => {
  const context = {
    email: "grace.hopper@navalyard.example.com",
    name: "Amazing Grace",
    workspaces: [{ name: "Acme Rockets", slug: "acme-rockets" }],
  };

  it("refuses the product's name with the common list's suffixes (digits, punctuation, years)", () => {
    for (const p of ["switchboard2026!", "Switchboard123!!", "SWITCHBOARD_1234567", "Sw1tchb0ard-2026", "switchboard-8403917265310"]) {
      expect(passwordProblem(p), p).toMatch(/contains the product's name \(Switchboard\)/);
    }
  });

  it("refuses the workspace's name and slug, alone or with digits and symbols", () => {
    for (const p of ["acmerockets2026!", "Acme Rockets 2026!!", "acme-rockets-1999", "rockets-acme-42!", "@cmeR0ckets#2026"]) {
      expect(passwordProblem(p, context), p).toMatch(/contains your workspace's name/);
    }
  });

  it("refuses the user's name and every part of the email address", () => {
    expect(passwordProblem("amazinggrace2026!", context)).toMatch(/your name/);
    expect(passwordProblem("gracehopper!1906", context)).toMatch(/your email address|your name/);
    expect(passwordProblem("hopper-hopper-1906", context)).toMatch(/your email address/);
    expect(passwordProblem("navalyard2026!!!", context)).toMatch(/your email address/);
  });

  it("context words count for nothing, so a passphrase that merely holds one is fine", () => {
    expect(passwordProblem("violet lamp orbit acme", context)).toBeNull();
    expect(passwordProblem("demo-password-for-e2e", { email: "operator@demo.test", name: "Demo operator" })).toBeNull();
    expect(passwordProblem("correct horse battery staple 42", { email: "ana@example.com", name: "ana" })).toBeNull();
    // The top-level domain and short pieces are not context words.
    expect(passwordProblem("comet tail of ice", { email: "li@ice.com", name: "Li" })).toBeNull();
  });

  it("what is left without the context words must not be a common password", () => {
    expect(passwordProblem("acme-password123", context)).toMatch(/workspace's name/);
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
