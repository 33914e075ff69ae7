import { sealData, unsealData } from "iron-session";
import { Secret } from "otpauth";
import QRCode from "qrcode";
import { config } from "../../config";
import { AppError } from "../../core/errors";
import { acceptedWrappedStep, newTotp, wrapTotp } from "../../crypto/totp";
import { db } from "../../db/client";
import { accountSecurityEmail } from "../../email/account-security";
import { sendEmail } from "../../email/send";
import type { ActiveSession, ClientInfo } from "../sessions";
import { recordUserAudit } from "../user-events";
import { enrolled, secondFactorsOf } from "./factors";
import { assertMayRemoveFactor } from "./policy";
import { issueRecoveryCodes } from "./recovery-codes";

/**
 * Members' authenticator-app factor (SPEC §1, decision 028), on the console's code path
 * (lib/crypto/totp). A code is accepted for the current 30-second step and the one before
 * (a code typed as it rolls over), never a step ahead (a phone whose clock runs fast is
 * the rarer case, and a window that reaches forward lets a code shown early be replayed
 * later), and each step once.
 */
const ISSUER = "Switchboard";
const WINDOW = { back: 1, ahead: 0 };
const ENROLMENT_TTL_SECONDS = 15 * 60;

const context = (userId: string) => ({ purpose: "user_totp", user: userId });
const owner = (user: { id: string; email: string }) => ({ context: context(user.id), issuer: ISSUER, label: user.email });
const sealPassword = () => config().secrets.IRON_SESSION_PASSWORD!;

type Meta = ClientInfo & { requestId?: string | null };

export interface TotpEnrolment {
  /** Base32, to type into an app that cannot scan. */
  secret: string;
  uri: string;
  /** The QR code of `uri`, as an SVG drawn here (no external service sees the secret). */
  qrSvg: string;
  /** The secret sealed to this user, carried by the confirmation form until a first valid code. */
  sealed: string;
}

/** A new secret to scan; nothing is stored until confirmTotp accepts a code from it. */
export async function beginTotpEnrolment(user: { id: string; email: string }): Promise<TotpEnrolment> {
  const secret = new Secret({ size: 20 });
  const { uri } = await wrapTotp(owner(user), secret);
  const qrSvg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
  const sealed = await sealData({ uid: user.id, secret: secret.base32 }, { password: sealPassword(), ttl: ENROLMENT_TTL_SECONDS });
  return { secret: secret.base32, uri, qrSvg, sealed };
}

async function openEnrolment(userId: string, sealed: string): Promise<Secret> {
  try {
    const data = await unsealData<{ uid?: string; secret?: string }>(sealed, { password: sealPassword(), ttl: ENROLMENT_TTL_SECONDS });
    if (data.uid === userId && typeof data.secret === "string") return Secret.fromBase32(data.secret);
  } catch {
    // Falls through: tampered or from another user.
  }
  throw new AppError("VALIDATION_FAILED", "This setup has expired. Start again to get a new code to scan.", { details: [{ field: "code", issue: "enrolment_expired" }] });
}

/**
 * Confirms an enrolment with a first valid code (sudo mode is the caller's): stores the
 * secret wrapped, audits, emails the user. Returns a new set of recovery codes when this is
 * the account's first second factor (else null: the existing set stays).
 */
export async function confirmTotp(session: ActiveSession, sealed: string, code: string, meta: Meta, now = new Date()): Promise<string[] | null> {
  const secret = await openEnrolment(session.user.id, sealed);
  const { wrapped } = await wrapTotp(owner(session.user), secret);
  const step = await acceptedWrappedStep(wrapped, context(session.user.id), code, now.getTime(), WINDOW, null);
  if (step === null) {
    throw new AppError("VALIDATION_FAILED", "That code does not match. Enter the 6-digit code your app shows now.", { details: [{ field: "code", issue: "invalid_otp" }] });
  }
  const firstFactor = !enrolled(await secondFactorsOf(session.user.id));
  const codes = await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: session.user.id }, data: { totpSecretWrapped: wrapped, totpLastStep: step, totpEnabledAt: now } });
    return firstFactor ? issueRecoveryCodes(session.user.id, tx) : null;
  });
  await recordUserAudit(session.user, "user.totp_enabled", meta);
  if (codes) await recordUserAudit(session.user, "user.recovery_codes_generated", meta, null, { count: codes.length });
  await sendEmail(accountSecurityEmail(session.user.email, "An authenticator app was added to your account", "An authenticator app was set up as a second factor for your Switchboard account."));
  return codes;
}

/** Removes the authenticator app (sudo mode is the caller's), unless it is the last factor a workspace needs. */
export async function removeTotp(session: ActiveSession, meta: Meta): Promise<void> {
  const factors = await secondFactorsOf(session.user.id);
  if (!factors.totp) return;
  await assertMayRemoveFactor(session.user.id, { ...factors, totp: false });
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: session.user.id }, data: { totpSecretWrapped: null, totpLastStep: null, totpEnabledAt: null } });
    // No factor left: the recovery codes have nothing to recover.
    if (factors.passkeys === 0) await tx.recoveryCode.deleteMany({ where: { userId: session.user.id } });
  });
  await recordUserAudit(session.user, "user.totp_removed", meta);
  await sendEmail(accountSecurityEmail(session.user.email, "An authenticator app was removed from your account", "The authenticator app was removed from the second factors of your Switchboard account."));
}

/**
 * Accepts `code` for the user when it is valid now and its step was never used, recording
 * the step (a conditional update, so two requests with one code cannot both win).
 */
export async function acceptTotpCode(
  userId: string,
  code: string,
  now = new Date(),
  /** The user's row when the caller has read it already (guardedCheck does). */
  known?: { totpSecretWrapped: string | null; totpLastStep: bigint | null } | null,
): Promise<boolean> {
  const user = known ?? (await db().user.findUnique({ where: { id: userId }, select: { totpSecretWrapped: true, totpLastStep: true } }));
  if (!user?.totpSecretWrapped) return false;
  const step = await acceptedWrappedStep(user.totpSecretWrapped, context(userId), code, now.getTime(), WINDOW, user.totpLastStep);
  if (step === null) return false;
  const claimed = await db().user.updateMany({
    where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  return claimed.count === 1;
}

/** Enrols the demo's secure@demo.test from a known secret (SPEC §13). */
export async function enrolTotpFromSecret(user: { id: string; email: string }, base32?: string): Promise<string> {
  const totp = await newTotp(owner(user), base32);
  await db().user.update({ where: { id: user.id }, data: { totpSecretWrapped: totp.wrapped, totpLastStep: null, totpEnabledAt: new Date() } });
  return totp.secret;
}
