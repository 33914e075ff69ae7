import { recordSecurityEvent } from "../audit/security-events";
import { registrationOptions } from "../auth/mfa/passkey-options";
import { staffPasskeys } from "../auth/mfa/passkey-store";
import { takeChallenge } from "../auth/mfa/webauthn-challenge";
import { defaultPasskeyName, parseAssertion, passkeyNameOf, verifyAssertion, verifyRegistration } from "../auth/mfa/webauthn-verify";
import { config } from "../config";
import { AppError } from "../core/errors";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import type { StaffContext } from "./context";

/**
 * Passkeys of staff accounts (issue 15 item 6): added from the console, audited in the
 * platform chain, and — with OPERATOR_REQUIRE_PASSKEY — the console's second factor instead
 * of the TOTP code, which a real-time phishing proxy can relay and a passkey bound to our
 * origin cannot. Same RP (APP_URL) and checks as members' passkeys (decision 029).
 */

export interface StaffPasskeySummary {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  synced: boolean;
}

export async function listStaffPasskeys(ctx: Pick<StaffContext, "staff" | "data">): Promise<StaffPasskeySummary[]> {
  const rows = await ctx.data((tx) =>
    tx.staffPasskey.findMany({ where: { staffId: ctx.staff.id }, orderBy: { createdAt: "asc" }, select: { id: true, name: true, createdAt: true, lastUsedAt: true, deviceType: true, backedUp: true } }),
  );
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.createdAt, lastUsedAt: r.lastUsedAt, synced: r.deviceType === "multiDevice" || r.backedUp }));
}

/** Options for adding a passkey to the signed-in staff account; the challenge is bound to that account. */
export async function staffRegistrationOptions(ctx: Pick<StaffContext, "staff" | "data">) {
  const existing = await ctx.data((tx) => tx.staffPasskey.findMany({ where: { staffId: ctx.staff.id }, select: { credentialId: true, transports: true } }));
  return registrationOptions(ctx.staff, existing, "staff_register", {});
}

export async function addStaffPasskey(ctx: StaffContext, json: string, nameInput: string | null, sealed: string | undefined, now = new Date()): Promise<StaffPasskeySummary> {
  const taken = await takeChallenge(sealed, "staff_register", { subjectId: ctx.staff.id }, now).catch(() => {
    throw new AppError("VALIDATION_FAILED", "The passkey request expired. Try adding it again.");
  });
  const credential = await verifyRegistration(json, taken);
  if (!credential) throw new AppError("VALIDATION_FAILED", "That passkey could not be verified. Your authenticator must verify you (PIN, fingerprint or face).");
  const name = passkeyNameOf(nameInput, defaultPasskeyName(credential));
  if (!name) throw new AppError("VALIDATION_FAILED", "A passkey's name is at most 64 characters.", { details: [{ field: "name", issue: "A passkey's name is at most 64 characters." }] });
  try {
    const row = await ctx.data(async (tx) => {
      const created = await tx.staffPasskey.create({ data: { staffId: ctx.staff.id, name, createdAt: now, ...credential }, select: { id: true } });
      await ctx.audit("staff.passkey_added", { type: "staff_passkey", id: created.id, label: name }, { after: { name, synced: credential.deviceType === "multiDevice" } }, { tx });
      return created;
    });
    return { id: row.id, name, createdAt: now, lastUsedAt: null, synced: credential.deviceType === "multiDevice" || credential.backedUp };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new AppError("CONFLICT", "That passkey is already registered.");
    throw error;
  }
}

/** Removes one of the staff member's own passkeys; the last one is kept while the console requires passkeys. */
export async function removeStaffPasskey(ctx: StaffContext, id: string): Promise<void> {
  await ctx.data(async (tx) => {
    const row = await tx.staffPasskey.findFirst({ where: { id, staffId: ctx.staff.id }, select: { name: true } });
    if (!row) throw new AppError("NOT_FOUND", "No such passkey.");
    if (config().OPERATOR_REQUIRE_PASSKEY && (await tx.staffPasskey.count({ where: { staffId: ctx.staff.id } })) <= 1) {
      throw new AppError("CONFLICT", "The console requires a passkey to sign in: add another before removing your last one.");
    }
    await tx.staffPasskey.delete({ where: { id } });
    await ctx.audit("staff.passkey_removed", { type: "staff_passkey", id, label: row.name }, { before: { name: row.name } }, { tx });
  });
}

/** What a staff sign-in offers as its second factor: a TOTP code, or a passkey assertion and its challenge cookie. */
export type StaffSecondFactor = string | { passkey: string; challenge?: string | null };

/**
 * Whether `second` is a passkey of this staff account that verifies (user verification,
 * origin, RP, a challenge of the console's sign-in, counter, single use). A counter that
 * did not grow is recorded as a clone.
 */
export async function staffPasskeyPasses(staffId: string, second: { passkey: string; challenge?: string | null }, ip: string | null | undefined, now = new Date()): Promise<boolean> {
  const taken = await takeChallenge(second.challenge ?? undefined, "staff_sign_in", {}, now).catch(() => null);
  const response = parseAssertion(second.passkey);
  if (!taken || !response) return false;
  const credential = await staffPasskeys.find(response.id);
  if (!credential || credential.ownerId !== staffId) return false;
  const outcome = await verifyAssertion(staffPasskeys, credential, response, taken, now);
  if (!outcome.ok && outcome.reason === "counter_regression") {
    await recordSecurityEvent({ type: "passkey_counter_regression", ip, details: { console: true, staff_passkey_id: credential.id, stored_counter: credential.counter.toString() } });
  }
  return outcome.ok;
}

export function staffHasPasskey(staffId: string): Promise<boolean> {
  return db().staffPasskey.count({ where: { staffId } }).then((n) => n > 0);
}
