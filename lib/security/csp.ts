/**
 * The Content-Security-Policy of every response (SPEC §9): scripts only with this
 * request's nonce, and what they load ('strict-dynamic'); no inline or eval for scripts in
 * the production build. `next dev` alone needs 'unsafe-eval' for React's debugging.
 */
export function buildCsp(nonce: string, options: { https: boolean; dev: boolean; frameAncestors?: readonly string[] }): string {
  // Only the widget's frame page (decision 048) may be framed, and only by its embed domains.
  const ancestors = options.frameAncestors && options.frameAncestors.length > 0 ? options.frameAncestors.join(" ") : "'none'";
  const directives: string[] = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "media-src 'self' blob:",
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    `frame-ancestors ${ancestors}`,
    "form-action 'self'",
  ];
  if (options.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

export function newNonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString("base64");
}
