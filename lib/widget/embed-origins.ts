/**
 * Embed domains (lib/agent-config/embed-domains.ts: hostnames, `*.` wildcards, `localhost`)
 * → what the browser and the session check compare (SPEC §14). One rule, two faces: the
 * iframe page's CSP `frame-ancestors` and `isAllowedParent` agree on every origin.
 *
 * - A domain allows exactly that host over https, any port; `*.example.com` allows its
 *   subdomains (not example.com itself, as in CSP).
 * - `localhost` (development) allows http and https on any port.
 */

export function frameAncestorsOf(domains: readonly string[]): string[] {
  const sources: string[] = [];
  for (const domain of domains) {
    if (domain === "localhost") sources.push("http://localhost:*", "https://localhost:*");
    else sources.push(`https://${domain}`, `https://${domain}:*`);
  }
  return sources;
}

/** Whether a parent page's origin (as the loader reported it) is one of the embed domains. */
export function isAllowedParent(parentOrigin: string, domains: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(parentOrigin);
  } catch {
    return false;
  }
  if (url.origin !== parentOrigin.replace(/\/$/, "")) return false;
  const host = url.hostname.toLowerCase();
  if (url.protocol !== "https:" && !(url.protocol === "http:" && host === "localhost")) return false;
  return domains.some((domain) => {
    if (domain.startsWith("*.")) {
      const base = domain.slice(2);
      return host.endsWith(`.${base}`) && host.length > base.length + 1;
    }
    return host === domain;
  });
}
