import { domainToASCII } from "node:url";

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * One allowed embed domain for the web widget: a hostname, lower-cased (and IDNs in their
 * ASCII form), optionally with a leading `*.` for its subdomains. No scheme, port, path,
 * credentials, IP address or other wildcard: the widget compares the embedding page's
 * hostname against this list, so anything else could never match — or would match too much.
 * Returns the normalised name, or why it was refused.
 */
export function normaliseEmbedDomain(input: string): { domain: string } | { error: string } {
  const shown = input.slice(0, 80);
  let value = input.trim().toLowerCase();
  if (value.includes("://") || value.startsWith("//")) return { error: `"${shown}": give the hostname only, without http:// or https://.` };
  if (/[/?#\\]/.test(value)) return { error: `"${shown}": give the hostname only, without a path.` };
  if (value.includes("@")) return { error: `"${shown}" is not a hostname.` };
  if (value.includes(":")) return { error: `"${shown}": give the hostname without a port.` };
  const wildcard = value.startsWith("*.");
  if (wildcard) value = value.slice(2);
  if (value.includes("*")) return { error: `"${shown}": only a leading "*." wildcard is allowed.` };
  value = value.replace(/\.$/, "");
  const ascii = domainToASCII(value);
  if (!ascii || ascii.length > 253) return { error: `"${shown}" is not a hostname.` };
  const labels = ascii.split(".");
  if (!labels.every((l) => LABEL.test(l))) return { error: `"${shown}" is not a hostname.` };
  // split() always yields at least one label; the last is the TLD.
  if (/^[0-9]+$/.test(labels.at(-1) ?? "")) return { error: `"${shown}": IP addresses are not allowed; use a hostname.` };
  const local = ascii === "localhost";
  if (!local && labels.length < 2) return { error: `"${shown}": use a full domain such as example.com.` };
  if (wildcard && (local || labels.length < 2)) return { error: `"${shown}": a wildcard needs a domain under it, such as *.example.com.` };
  return { domain: wildcard ? `*.${ascii}` : ascii };
}

/** Text (one per line, or separated by commas or spaces) → unique normalised domains, or the first refusal. */
export function parseEmbedDomains(text: string): { domains: string[] } | { error: string } {
  const domains: string[] = [];
  for (const item of text.split(/[\s,]+/).filter(Boolean)) {
    const result = normaliseEmbedDomain(item);
    if ("error" in result) return result;
    if (!domains.includes(result.domain)) domains.push(result.domain);
  }
  return { domains: domains.sort() };
}
