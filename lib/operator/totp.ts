import { Secret, TOTP } from "otpauth";
import { keyProvider } from "../crypto/workspace-keys";

/**
 * The second factor of staff sign-in (decision 019): TOTP (RFC 6238, SHA-1, 6 digits, 30 s),
 * the kind every authenticator app reads. The secret is stored wrapped by the key provider
 * (the local master key or KMS) with the account's id as context, so it is useless copied to
 * another row. A code is accepted one step either side of now, and never twice.
 */
const PERIOD_S = 30;
const ISSUER = "Switchboard operator console";

const context = (staffId: string) => ({ purpose: "staff_totp", staff: staffId });

function totp(secret: Secret, email: string): TOTP {
  return new TOTP({ issuer: ISSUER, label: email, algorithm: "SHA1", digits: 6, period: PERIOD_S, secret });
}

export interface NewTotp {
  wrapped: string;
  /** Base32, to type into an authenticator app. */
  secret: string;
  /** otpauth:// URI, for a QR code or an app that takes links. */
  uri: string;
}

/** A new secret for an account (from `base32` when given: the demo's known secret). */
export async function newTotp(staffId: string, email: string, base32?: string): Promise<NewTotp> {
  const secret = base32 ? Secret.fromBase32(base32) : new Secret({ size: 20 });
  const wrapped = await keyProvider().wrap(Buffer.from(secret.bytes), context(staffId));
  return { wrapped, secret: secret.base32, uri: totp(secret, email).toString() };
}

/**
 * The step of `code` when it is valid for this account now and newer than `lastStep`;
 * otherwise null. Any failure to unwrap counts as a wrong code.
 */
export async function acceptedStep(
  account: { id: string; email: string; totpSecretWrapped: string | null; totpLastStep: bigint | null },
  code: string,
  now = Date.now(),
): Promise<bigint | null> {
  const token = code.replace(/\s+/g, "");
  if (!account.totpSecretWrapped || !/^\d{6}$/.test(token)) return null;
  let bytes: Buffer;
  try {
    bytes = await keyProvider().unwrap(account.totpSecretWrapped, context(account.id));
  } catch {
    return null;
  }
  const delta = totp(new Secret({ buffer: new Uint8Array(bytes).buffer }), account.email).validate({ token, timestamp: now, window: 1 });
  if (delta === null) return null;
  const step = BigInt(Math.floor(now / 1000 / PERIOD_S) + delta);
  return account.totpLastStep !== null && step <= account.totpLastStep ? null : step;
}

/** The current code of a base32 secret (tests, and the demo's e2e run). */
export function currentCode(base32: string, now = Date.now()): string {
  return totp(Secret.fromBase32(base32), "").generate({ timestamp: now });
}
