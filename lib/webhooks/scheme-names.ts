/**
 * The webhook signature schemes (SPEC §4, decision 049) and how the dashboard names them.
 * No server imports: the endpoint forms show these labels. Signing is lib/webhooks/schemes.ts.
 */
export const SIGNATURE_SCHEMES = ["switchboard", "standard", "standard-ed25519"] as const;
export type SignatureScheme = (typeof SIGNATURE_SCHEMES)[number];

export const isSignatureScheme = (value: string): value is SignatureScheme => (SIGNATURE_SCHEMES as readonly string[]).includes(value);

export const SIGNATURE_SCHEME_LABELS: Record<SignatureScheme, { label: string; hint: string }> = {
  switchboard: { label: "Switchboard (X-Switchboard-Signature)", hint: "t=…,v1=… HMAC-SHA256, verified by Stripe's SDK too." },
  standard: { label: "Standard Webhooks (v1 HMAC)", hint: "webhook-id, webhook-timestamp, webhook-signature: v1,… — the standardwebhooks and svix libraries." },
  "standard-ed25519": { label: "Standard Webhooks, Ed25519 (v1a)", hint: "Signed with your workspace's private key; receivers verify with the published public keys, no shared secret." },
};
