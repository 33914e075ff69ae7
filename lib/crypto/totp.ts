import { timingSafeEqual } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { keyProvider } from "./workspace-keys";

/**
 * TOTP (RFC 6238: SHA-1, 6 digits, 30 s), the kind every authenticator app reads, shared by
 * the operator console (decision 019) and members' second factor (decision 028). The secret
 * is stored wrapped by the key provider (the local master key or KMS) with the account's id
 * as context, so it is useless copied to another row. A step is accepted once: callers keep
 * the last accepted step and pass it back.
 */
export const TOTP_PERIOD_S = 30;

/** Where a code may come from, counted in steps before and after now. */
export interface TotpWindow {
  back: number;
  ahead: number;
}

export interface TotpOwner {
  /** Wrap context: names the account, so a wrapped secret opens for it alone. */
  context: Record<string, string>;
  issuer: string;
  label: string;
}

export interface NewTotp {
  wrapped: string;
  /** Base32, to type into an authenticator app. */
  secret: string;
  /** otpauth:// URI, for a QR code or an app that takes links. */
  uri: string;
}

const totp = (secret: Secret, owner: Pick<TotpOwner, "issuer" | "label">) =>
  new TOTP({ issuer: owner.issuer, label: owner.label, algorithm: "SHA1", digits: 6, period: TOTP_PERIOD_S, secret });

/** A new secret for an account (from `base32` when given: the demo's known secret). */
export async function newTotp(owner: TotpOwner, base32?: string): Promise<NewTotp> {
  const secret = base32 ? Secret.fromBase32(base32) : new Secret({ size: 20 });
  return wrapTotp(owner, secret);
}

/** Wraps a known base32 secret for an account (enrolment keeps the secret sealed until confirmed). */
export async function wrapTotp(owner: TotpOwner, secret: Secret): Promise<NewTotp> {
  const wrapped = await keyProvider().wrap(Buffer.from(secret.bytes), owner.context);
  return { wrapped, secret: secret.base32, uri: totp(secret, owner).toString() };
}

/** The 30-second step of a time. */
export const stepAt = (now: number): bigint => BigInt(Math.floor(now / 1000 / TOTP_PERIOD_S));

/**
 * The step whose code `token` is, within `window` of now and after `lastStep`; else null.
 * Each candidate is compared in constant time.
 */
export function matchingStep(secret: Secret, token: string, now: number, window: TotpWindow, lastStep: bigint | null): bigint | null {
  const code = token.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(code)) return null;
  const given = Buffer.from(code);
  let found: bigint | null = null;
  for (let delta = -window.back; delta <= window.ahead; delta++) {
    const expected = Buffer.from(totp(secret, { issuer: "", label: "" }).generate({ timestamp: now + delta * TOTP_PERIOD_S * 1000 }));
    if (timingSafeEqual(expected, given)) found = stepAt(now) + BigInt(delta);
  }
  return found !== null && (lastStep === null || found > lastStep) ? found : null;
}

/**
 * The step of `token` for a wrapped secret, as matchingStep; any failure to unwrap counts
 * as a wrong code.
 */
export async function acceptedWrappedStep(
  wrapped: string | null,
  context: Record<string, string>,
  token: string,
  now: number,
  window: TotpWindow,
  lastStep: bigint | null,
): Promise<bigint | null> {
  if (!wrapped || !/^\d{6}$/.test(token.replace(/\s+/g, ""))) return null;
  let bytes: Buffer;
  try {
    bytes = await keyProvider().unwrap(wrapped, context);
  } catch {
    return null;
  }
  return matchingStep(new Secret({ buffer: new Uint8Array(bytes).buffer }), token, now, window, lastStep);
}

/** The current code of a base32 secret (tests, and the demo's e2e run). */
export function currentCode(base32: string, now = Date.now()): string {
  return totp(Secret.fromBase32(base32), { issuer: "", label: "" }).generate({ timestamp: now });
}
