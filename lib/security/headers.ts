/** The response headers every Switchboard response carries (SPEC §9), CSP aside. */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  "Cross-Origin-Opener-Policy": "same-origin",
  Server: "Switchboard",
};

export const HSTS_VALUE = "max-age=31536000; includeSubDomains";

export function securityHeaders(options: { https: boolean }): Record<string, string> {
  return options.https
    ? { ...STATIC_SECURITY_HEADERS, "Strict-Transport-Security": HSTS_VALUE }
    : { ...STATIC_SECURITY_HEADERS };
}
