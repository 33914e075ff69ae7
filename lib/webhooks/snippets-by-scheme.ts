import type { SignatureScheme } from "./scheme-names";
import { ED25519_VERIFICATION_SNIPPETS } from "./snippets-ed25519";
import { STANDARD_VERIFICATION_SNIPPETS } from "./snippets-standard";
import { VERIFICATION_SNIPPETS, type VerificationSnippet } from "./snippets";

/** The Node, Python and Go receivers for an endpoint's signature scheme (dashboard and docs). */
export function verificationSnippets(scheme: SignatureScheme): readonly VerificationSnippet[] {
  if (scheme === "standard") return STANDARD_VERIFICATION_SNIPPETS;
  if (scheme === "standard-ed25519") return ED25519_VERIFICATION_SNIPPETS;
  return VERIFICATION_SNIPPETS;
}
