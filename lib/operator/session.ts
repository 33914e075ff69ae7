import "server-only";
import { getIronSession, type SessionOptions } from "iron-session";
import { cookies, headers } from "next/headers";
import { notFound } from "next/navigation";
import { cache } from "react";
import { config } from "../config";
import { db } from "../db/client";
import { CONSOLE_MARKER_HEADER, hasConsoleMarker } from "./paths";

/** Staff sessions are short: an operator signs in for a task, not for the day. */
export const STAFF_SESSION_TTL_SECONDS = 4 * 60 * 60;
/** …and end after 30 idle minutes (the account's last console request). */
export const STAFF_IDLE_MS = 30 * 60_000;
const SEEN_EVERY_MS = 60_000;

export interface StaffCookie {
  staffId?: string;
  epoch?: number;
  issuedAt?: number;
}

/** Whether a staff session has been idle too long: neither issued nor used in STAFF_IDLE_MS. */
export function isIdle(issuedAt: number | undefined, lastSeenAt: Date | null, now: number): boolean {
  return now - Math.max(issuedAt ?? 0, lastSeenAt?.getTime() ?? 0) > STAFF_IDLE_MS;
}

export interface Staff {
  id: string;
  email: string;
  name: string;
  /** A CLI-set password not yet changed: the console shows only its change-password page (decision 031). */
  mustChangePassword?: boolean;
}

/**
 * The console's own iron-session cookie (SPEC §11), separate from the members' session:
 * scoped to ADMIN_PATH so it is never sent anywhere else, SameSite=Strict, HttpOnly, Secure
 * over https (with the __Secure- prefix; __Host- would need Path=/).
 */
export function staffSessionOptions(): SessionOptions {
  const cfg = config();
  return {
    password: cfg.secrets.IRON_SESSION_PASSWORD!,
    cookieName: cfg.isHttps ? "__Secure-sb.ops" : "sb.ops",
    ttl: STAFF_SESSION_TTL_SECONDS,
    cookieOptions: { httpOnly: true, sameSite: "strict", secure: cfg.isHttps, path: cfg.ADMIN_PATH },
  };
}

export async function staffCookie() {
  return getIronSession<StaffCookie>(await cookies(), staffSessionOptions());
}

/**
 * Every console page and action starts here (lib/entry/staff.ts calls it first): the request
 * must have come through the proxy's rewrite of ADMIN_PATH (anything else is 404, as if
 * nothing were here).
 */
export async function assertConsoleRequest(): Promise<void> {
  if (!hasConsoleMarker((await headers()).get(CONSOLE_MARKER_HEADER))) notFound();
}

/** The signed-in staff member, re-checked against the database on every request (authorizeStaff). */
export const currentStaff = cache(async (): Promise<Staff | null> => {
  await assertConsoleRequest();
  const session = await staffCookie();
  if (!session.staffId || typeof session.epoch !== "number") return null;
  const staff = await db().staffAccount.findUnique({
    where: { id: session.staffId },
    select: { id: true, email: true, name: true, sessionEpoch: true, disabledAt: true, lastSeenAt: true, passwordMustChange: true },
  });
  // Signed out elsewhere (epoch bumped) or disabled: the cookie is worthless.
  if (!staff || staff.disabledAt || staff.sessionEpoch !== session.epoch) return null;
  const now = Date.now();
  if (isIdle(session.issuedAt, staff.lastSeenAt, now)) return null;
  if (!staff.lastSeenAt || now - staff.lastSeenAt.getTime() > SEEN_EVERY_MS) {
    await db().staffAccount.update({ where: { id: staff.id }, data: { lastSeenAt: new Date(now) } });
  }
  return { id: staff.id, email: staff.email, name: staff.name, mustChangePassword: staff.passwordMustChange };
});
