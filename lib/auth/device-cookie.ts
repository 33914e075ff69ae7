import { randomBytes } from "node:crypto";
import { sealData, unsealData } from "iron-session";
import { config } from "../config";
import { cookieValue } from "./cookie-header";
import { cookieNames, cookieOptions } from "./cookies";

/**
 * The device cookie (SPEC §1, decision 026): a browser that has signed in to an account
 * carries a sealed record naming it, so failures from elsewhere cannot lock that browser out.
 * Sealed with iron-session (encrypted and signed), HttpOnly, SameSite=Lax, Secure and
 * `__Host-` over https, and long-lived: a year, renewed at each sign-in.
 */
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 3600;

/** Accounts remembered per browser (a shared computer); the oldest goes first. */
const MAX_ACCOUNTS = 5;

export interface KnownDevice {
  /** Random, per browser: the key of this browser's own lock for each account it names. */
  id: string;
  /** The users who have signed in with this browser, most recent first. */
  userIds: string[];
}

interface Sealed {
  kind: "device";
  d: string;
  u: string[];
}

const password = () => config().secrets.IRON_SESSION_PASSWORD!;

/** The browser's device record, or null when it has none or it does not unseal. */
export async function readDeviceCookie(sealed: string | undefined | null): Promise<KnownDevice | null> {
  if (!sealed) return null;
  try {
    const data = await unsealData<Partial<Sealed>>(sealed, { password: password(), ttl: DEVICE_COOKIE_MAX_AGE_SECONDS });
    // Another sealed cookie of ours (the step-up proof) unseals with the same password: check the shape.
    if (data.kind !== "device" || typeof data.d !== "string" || !Array.isArray(data.u)) return null;
    return { id: data.d, userIds: data.u.filter((u): u is string => typeof u === "string").slice(0, MAX_ACCOUNTS) };
  } catch {
    return null;
  }
}

/** The device record in a request's Cookie header (next-auth's authorize sees only headers). */
export function readDeviceFromCookieHeader(header: string | string[] | undefined | null): Promise<KnownDevice | null> {
  return readDeviceCookie(cookieValue(header, cookieNames().device));
}

/** Whether this browser has signed in to the user's account before. */
export function isKnownDevice(device: KnownDevice | null | undefined, userId: string | null): device is KnownDevice {
  return !!device && !!userId && device.userIds.includes(userId);
}

/** The cookie to set after `userId` signed in: the browser's record (or a new one) naming them first. */
export async function deviceCookieAfterSignIn(device: KnownDevice | null, userId: string): Promise<{ name: string; value: string; options: ReturnType<typeof cookieOptions> }> {
  const id = device?.id ?? randomBytes(16).toString("base64url");
  const userIds = [userId, ...(device?.userIds ?? []).filter((u) => u !== userId)].slice(0, MAX_ACCOUNTS);
  const value = await sealData({ kind: "device", d: id, u: userIds } satisfies Sealed, { password: password(), ttl: DEVICE_COOKIE_MAX_AGE_SECONDS });
  return { name: cookieNames().device, value, options: cookieOptions(DEVICE_COOKIE_MAX_AGE_SECONDS) };
}
