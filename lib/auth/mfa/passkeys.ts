import { AppError } from "../../core/errors";
import { db } from "../../db/client";
import { Prisma } from "../../db/generated/client";
import { accountSecurityEmail } from "../../email/account-security";
import { sendEmail } from "../../email/send";
import type { RequestMeta } from "../../audit/context";
import type { ActiveSession } from "../sessions";
import { recordUserAudit } from "../user-events";
import { enrolled, secondFactorsOf } from "./factors";
import { assertMayRemoveFactor } from "./policy";
import { issueRecoveryCodes } from "./recovery-codes";
import { takeChallenge } from "./webauthn-challenge";
import { defaultPasskeyName, passkeyNameOf, verifyRegistration } from "./webauthn-verify";

/**
 * A member's passkeys (SPEC §1, issue 15): several per user, named, with their last use.
 * Adding and removing run in sudo mode (the entry layer's stepUp), are audited in every
 * workspace of the user, and are announced to the user by email.
 */

export interface PasskeySummary {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  /** Synced across the user's devices (iCloud Keychain, Google Password Manager…), or bound to one authenticator. */
  synced: boolean;
}

export async function listPasskeys(userId: string): Promise<PasskeySummary[]> {
  const rows = await db().passkey.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, deviceType: true, backedUp: true },
  });
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.createdAt, lastUsedAt: r.lastUsedAt, synced: r.deviceType === "multiDevice" || r.backedUp }));
}

const NAME_TOO_LONG = new AppError("VALIDATION_FAILED", "A passkey's name is at most 64 characters.", { details: [{ field: "name", issue: "A passkey's name is at most 64 characters." }] });

async function announce(user: { email: string }, subject: string, happened: string): Promise<void> {
  await sendEmail(accountSecurityEmail(user.email, subject, happened));
}

/**
 * Stores the credential of a registration ceremony started in this session (the sealed
 * challenge of `memberRegistrationOptions`). `name` is the owner's (1–64 characters; empty:
 * a default from the kind of authenticator). The account's first second factor comes with a
 * new set of recovery codes, returned once to show (else null: the existing set stays).
 */
export async function addPasskey(
  session: ActiveSession,
  json: string,
  nameInput: string | null,
  sealed: string | undefined,
  meta: RequestMeta,
  now = new Date(),
): Promise<{ passkey: PasskeySummary; recoveryCodes: string[] | null }> {
  const taken = await takeChallenge(sealed, "register", { sessionId: session.sessionId, subjectId: session.user.id }, now).catch(() => {
    throw new AppError("VALIDATION_FAILED", "The passkey request expired. Try adding it again.");
  });
  const credential = await verifyRegistration(json, taken);
  if (!credential) throw new AppError("VALIDATION_FAILED", "That passkey could not be verified. Try again; your device must ask for your PIN, fingerprint or face.");
  const name = passkeyNameOf(nameInput, defaultPasskeyName(credential));
  if (!name) throw NAME_TOO_LONG;
  const firstFactor = !enrolled(await secondFactorsOf(session.user.id));
  let row, recoveryCodes: string[] | null;
  try {
    ({ row, recoveryCodes } = await db().$transaction(async (tx) => ({
      row: await tx.passkey.create({
        data: { userId: session.user.id, name, createdAt: now, ...credential },
        select: { id: true, name: true, createdAt: true, lastUsedAt: true, deviceType: true, backedUp: true },
      }),
      recoveryCodes: firstFactor ? await issueRecoveryCodes(session.user.id, tx) : null,
    })));
  } catch (error) {
    // The unique credential id: a registration is stored once (a replay, or a key added twice).
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new AppError("CONFLICT", "That passkey is already registered.");
    throw error;
  }
  await recordUserAudit(session.user, "user.passkey_added", meta, { type: "passkey", id: row.id, label: name }, { after: { name, synced: credential.deviceType === "multiDevice" } });
  if (recoveryCodes) await recordUserAudit(session.user, "user.recovery_codes_generated", meta, null, { count: recoveryCodes.length });
  await announce(session.user, "A passkey was added to your account", `A passkey named "${name}" was added to your Switchboard account (${session.user.email}). It can now sign in to your account on its own.`);
  return { passkey: { id: row.id, name: row.name, createdAt: row.createdAt, lastUsedAt: row.lastUsedAt, synced: row.deviceType === "multiDevice" || row.backedUp }, recoveryCodes };
}

/** Renames one of the user's own passkeys (another user's is "not found"). */
export async function renamePasskey(session: ActiveSession, id: string, nameInput: string, meta: RequestMeta): Promise<void> {
  const name = passkeyNameOf(nameInput, "");
  if (name === null) throw NAME_TOO_LONG;
  if (!name) throw new AppError("VALIDATION_FAILED", "Enter a name.", { details: [{ field: "name", issue: "Enter a name." }] });
  const before = await db().passkey.findFirst({ where: { id, userId: session.user.id }, select: { name: true } });
  if (!before) throw new AppError("NOT_FOUND", "No such passkey.");
  await db().passkey.updateMany({ where: { id, userId: session.user.id }, data: { name } });
  await recordUserAudit(session.user, "user.passkey_renamed", meta, { type: "passkey", id, label: name }, { before: { name: before.name }, after: { name } });
}

/** Why a passkey of this user may not be removed (it is the last factor a workspace requires), or null. */
export async function passkeyRemovalRefusal(userId: string): Promise<string | null> {
  const factors = await secondFactorsOf(userId);
  try {
    await assertMayRemoveFactor(userId, { ...factors, passkeys: factors.passkeys - 1 });
    return null;
  } catch (error) {
    if (error instanceof AppError) return error.message;
    throw error;
  }
}

/** Removes one of the user's own passkeys, unless it is the last factor a workspace requires. */
export async function removePasskey(session: ActiveSession, id: string, meta: RequestMeta): Promise<void> {
  const row = await db().passkey.findFirst({ where: { id, userId: session.user.id }, select: { id: true, name: true } });
  if (!row) throw new AppError("NOT_FOUND", "No such passkey.");
  const factors = await secondFactorsOf(session.user.id);
  await assertMayRemoveFactor(session.user.id, { ...factors, passkeys: factors.passkeys - 1 });
  const { count } = await db().passkey.deleteMany({ where: { id, userId: session.user.id } });
  if (count === 0) return;
  await recordUserAudit(session.user, "user.passkey_removed", meta, { type: "passkey", id, label: row.name }, { before: { name: row.name } });
  await announce(session.user, "A passkey was removed from your account", `The passkey named "${row.name}" was removed from your Switchboard account (${session.user.email}). It can no longer sign in.`);
}
