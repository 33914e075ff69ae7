import { config } from "../../config";

/** To each owner of a workspace whose key was reported leaked and revoked (decision 042). */
export function leakedKeyEmail(
  to: string,
  k: { workspaceName: string; slug: string; keyName: string; display: string; mode: string; url: string | null; source: string | null },
) {
  return {
    to,
    subject: `An API key of ${k.workspaceName} was found in public and revoked`,
    text: [
      `GitHub's secret scanning found the ${k.mode} API key "${k.keyName}" (${k.display}) of your Switchboard workspace "${k.workspaceName}" in public, and reported it to us.`,
      "",
      `Where it was found: ${k.url ?? "not given"}${k.source ? ` (${k.source})` : ""}`,
      "",
      "We revoked the key at once: requests that still send it answer 401. Create a new key for whatever used it,",
      "remove the old one from where it was published, and check the audit log and security events for use you do not recognise:",
      `${config().APP_URL}/${k.slug}/developers/api-keys`,
    ].join("\n"),
  };
}
