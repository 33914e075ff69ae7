/**
 * The CSP `frame-ancestors` sources for a widget's embed domains (SPEC §14, decision 048):
 * exactly those sites, as origins, and nothing else. An embed domain is a hostname
 * (lib/agent-config/embed-domains.ts: `example.com`, `*.example.com`, `localhost`) or, from
 * DEMO_WIDGET_ORIGINS, a full origin. A hostname means its https origin; `localhost` is
 * development, so any port and http too. No domains at all: 'none' (the browser refuses
 * every parent), never an open policy.
 */
export function frameAncestorSources(embedDomains: readonly string[]): string[] {
  const sources = new Set<string>();
  for (const raw of embedDomains) {
    const entry = raw.trim().toLowerCase();
    if (entry.includes("://")) {
      const origin = originOf(entry);
      if (origin) sources.add(origin);
    } else if (entry === "localhost") {
      sources.add("http://localhost:*");
      sources.add("https://localhost:*");
    } else if (/^(\*\.)?[a-z0-9.-]+$/.test(entry)) {
      sources.add(`https://${entry}`);
    }
  }
  return [...sources];
}

/** An http(s) origin, or null: CSP must never see a path, a quote or a semicolon from data. */
function originOf(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    return url.origin;
  } catch {
    return null;
  }
}
