import { describe, expect, it } from "vitest";
import { buildCsp, newNonce } from "@/lib/security/csp";
import { first } from "../support/items";

describe("content security policy", () => {
  it("allows scripts only by nonce and strict-dynamic, never inline or eval in production", () => {
    const csp = buildCsp("abc", { https: false, dev: false });
    const scriptSrc = csp.split("; ").find((d) => d.startsWith("script-src"))!;
    expect(scriptSrc).toBe("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    for (const d of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"]) {
      expect(csp).toContain(d);
    }
  });

  it("nonces are fresh and long enough to be unguessable", () => {
    const nonces = new Set(Array.from({ length: 1000 }, newNonce));
    expect(nonces.size).toBe(1000);
    expect(Buffer.from(first([...nonces], "nonce"), "base64").length).toBeGreaterThanOrEqual(16);
  });
});
