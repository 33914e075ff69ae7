import { expect, type APIResponse } from "@playwright/test";

/** SPEC §9: the headers every response carries. */
export function expectSecurityHeaders(response: APIResponse, options: { https?: boolean } = {}) {
  const h = response.headers();
  const csp = h["content-security-policy"];
  expect(csp, "Content-Security-Policy").toBeTruthy();
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'(;|$)/);
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
  for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"]) {
    expect(csp).toContain(directive);
  }
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(h["permissions-policy"]).toBe("camera=(), microphone=(), geolocation=(), payment=(), usb=()");
  expect(h["cross-origin-opener-policy"]).toBe("same-origin");
  expect(h["server"]).toBe("Switchboard");
  expect(h["x-powered-by"]).toBeUndefined();
  expect(h["x-request-id"]).toMatch(/^[A-Za-z0-9._:-]{8,64}$/);
  if (options.https) {
    expect(h["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
  } else {
    expect(h["strict-transport-security"]).toBeUndefined();
  }
}

export function nonceOf(response: APIResponse): string {
  const nonce = /'nonce-([^']+)'/.exec(response.headers()["content-security-policy"] ?? "")?.[1];
  if (!nonce) throw new Error("no nonce in the CSP header");
  return nonce;
}
