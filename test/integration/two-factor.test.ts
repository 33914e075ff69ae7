import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthError, SecondFactorRequired } from "@/lib/auth/errors";
import { beginTotpEnrolment, confirmTotp, enrolTotpFromSecret, removeTotp } from "@/lib/auth/mfa/totp";
import { issueRecoveryCodes } from "@/lib/auth/mfa/recovery-codes";
import { sealPendingSignIn } from "@/lib/auth/mfa/pending";
import { requestPasswordReset, resetPassword } from "@/lib/auth/password-reset";
import { createSession, resolveSession } from "@/lib/auth/sessions";
import { authenticate, authenticateSecondStep } from "@/lib/auth/sign-in";
import { confirmPassword, confirmSecondFactor, requireRecentAuth } from "@/lib/auth/step-up";
import { currentCode, TOTP_PERIOD_S } from "@/lib/crypto/totp";
import { db } from "@/lib/db/client";
import { staffContextOf } from "@/lib/operator/context";
import { resetMemberFactors } from "@/lib/operator/user-factors";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { first } from "../support/items";
import { client as baseClient, createUser, GOOD_PASSWORD } from "../support/users";

const client = { ...baseClient };

/** SPEC §1's second factor, against the real sign-in, step-up and reset paths. */

const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const STEP_MS = TOTP_PERIOD_S * 1000;

let database: TestDatabase;
beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

let nextIp = 1;
/** A user with TOTP from SECRET and a fresh set of recovery codes; `client` is this test's own address, so per-IP limits stay per test. */
async function enrolledUser(email: string) {
  const user = await createUser(email, { workspaceSlug: email.split("@")[0]!.replace(/[^a-z0-9]/g, "") });
  await enrolTotpFromSecret(user, SECRET);
  const codes = await issueRecoveryCodes(user.id);
  Object.assign(client, { ip: `203.0.113.${nextIp++}` });
  return { user, codes };
}

async function refusal(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
  } catch (error) {
    if (error instanceof AuthError) return error.code;
    throw error;
  }
  return "granted";
}

const sessionsOf = (userId: string) => db().session.count({ where: { userId } });

/** A time in the middle of a 30-second step, so a code cannot roll over under a test. */
function midStep(offsetSteps = 0): Date {
  const now = Date.now();
  return new Date(Math.floor(now / STEP_MS) * STEP_MS + STEP_MS / 2 + offsetSteps * STEP_MS);
}

describe("signing in with a second factor", () => {
  it("a right password alone opens no session: mfa_required, naming the user for the second step", async () => {
    const { user } = await enrolledUser("ann@example.com");
    const error = await authenticate("ann@example.com", GOOD_PASSWORD, client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecondFactorRequired);
    expect((error as SecondFactorRequired).code).toBe("mfa_required");
    expect((error as SecondFactorRequired).userId).toBe(user.id);
    expect(await sessionsOf(user.id)).toBe(0);
  });

  it("the otp field in the same request signs in; the same code never works twice", async () => {
    const { user } = await enrolledUser("bob@example.com");
    const now = midStep();
    const code = currentCode(SECRET, now.getTime());
    const signedIn = await authenticate("bob@example.com", GOOD_PASSWORD, client, now, code);
    expect(signedIn.user.id).toBe(user.id);
    expect(await refusal(authenticate("bob@example.com", GOOD_PASSWORD, client, new Date(now.getTime() + 1000), code))).toBe("invalid_otp");
    const audit = await db().auditLog.findFirst({ where: { action: "user.signed_in", actorId: user.id }, orderBy: { id: "desc" } });
    expect(audit?.changes).toMatchObject({ method: "password+totp" });
  });

  it("accepts the previous step's code, never the next step's", async () => {
    await enrolledUser("cat@example.com");
    const now = midStep();
    expect(await refusal(authenticate("cat@example.com", GOOD_PASSWORD, client, now, currentCode(SECRET, now.getTime() + STEP_MS)))).toBe("invalid_otp");
    expect(await refusal(authenticate("cat@example.com", GOOD_PASSWORD, client, now, currentCode(SECRET, now.getTime() - STEP_MS)))).toBe("granted");
    expect(await refusal(authenticate("cat@example.com", GOOD_PASSWORD, client, now, currentCode(SECRET, now.getTime() - 2 * STEP_MS)))).toBe("invalid_otp");
  });

  it("a recovery code works once, in any case and with or without dashes; its use is audited and emailed", async () => {
    const { user, codes } = await enrolledUser("dan@example.com");
    const code = first(codes, "code");
    expect(code).toMatch(/^(?:[0-9a-z]{4}-){5}[0-9a-z]{4}$/);
    expect(await refusal(authenticate("dan@example.com", GOOD_PASSWORD, client, new Date(), code.replace(/-/g, "").toUpperCase()))).toBe("granted");
    expect(await refusal(authenticate("dan@example.com", GOOD_PASSWORD, client, new Date(), code))).toBe("invalid_otp");
    expect(await db().auditLog.count({ where: { action: "user.recovery_code_used", actorId: user.id } })).toBe(1);
    const mail = await db().outboxEmail.findFirst({ where: { to: "dan@example.com", subject: { contains: "recovery code" } } });
    expect(mail?.text).toContain("9 unused codes left");
  });

  it("the second step takes the pending note of this browser, within 5 minutes", async () => {
    const { user } = await enrolledUser("eve@example.com");
    const t0 = midStep();
    const note = await sealPendingSignIn(user.id, client, t0);
    // From another browser: refused.
    expect(await refusal(authenticateSecondStep(note, currentCode(SECRET, t0.getTime()), { ...client, userAgent: "another browser" }, t0))).toBe("second_step_expired");
    // Stale: refused, even with a right code.
    const late = new Date(t0.getTime() + 5 * 60_000 + STEP_MS);
    expect(await refusal(authenticateSecondStep(note, currentCode(SECRET, late.getTime()), client, late))).toBe("second_step_expired");
    // Forged or missing: refused.
    expect(await refusal(authenticateSecondStep(note.slice(0, -3) + "abc", currentCode(SECRET, t0.getTime()), client, t0))).toBe("second_step_expired");
    expect(await refusal(authenticateSecondStep(undefined, currentCode(SECRET, t0.getTime()), client, t0))).toBe("second_step_expired");
    // In time, in this browser: a session.
    const signedIn = await authenticateSecondStep(note, currentCode(SECRET, t0.getTime()), client, t0);
    expect(signedIn.user.id).toBe(user.id);
  });

  it("wrong codes count toward the lockout, and are security events", async () => {
    const { user } = await enrolledUser("fay@example.com");
    const t0 = midStep();
    const results: string[] = [];
    for (let i = 0; i < 6; i++) results.push(await refusal(authenticate("fay@example.com", GOOD_PASSWORD, { ...client, ip: `198.51.100.${i}` }, t0, "000000")));
    expect(results.slice(0, 4)).toEqual(Array(4).fill("invalid_otp"));
    expect(results.slice(4)).toEqual(["locked", "locked"]);
    // Locked: even the right password and code are refused now.
    expect(await refusal(authenticate("fay@example.com", GOOD_PASSWORD, client, t0, currentCode(SECRET, t0.getTime())))).toBe("locked");
    const events = await db().securityEvent.findMany({ where: { userId: user.id, type: "sign_in_failed" } });
    expect(events.length).toBeGreaterThanOrEqual(4);
    expect(events.every((e) => (e.details as { factor?: string }).factor === "totp")).toBe(true);
  });

  it("a right password does not clear failed codes: knowing it buys no fresh guesses", async () => {
    await enrolledUser("gus@example.com");
    const t0 = midStep();
    for (let i = 0; i < 3; i++) await refusal(authenticate("gus@example.com", GOOD_PASSWORD, client, t0, "111111"));
    // The password again, without a code: mfa_required — and the three failures stand.
    expect(await refusal(authenticate("gus@example.com", GOOD_PASSWORD, client, t0))).toBe("mfa_required");
    expect(await refusal(authenticate("gus@example.com", GOOD_PASSWORD, client, t0, "222222"))).toBe("invalid_otp");
    expect(await refusal(authenticate("gus@example.com", GOOD_PASSWORD, client, t0, "333333"))).toBe("locked");
  });

  it("a password reset neither removes nor skips the factor", async () => {
    const { user } = await enrolledUser("hal@example.com");
    await requestPasswordReset("hal@example.com", client);
    const mail = await db().outboxEmail.findFirstOrThrow({ where: { to: "hal@example.com", subject: { contains: "Reset" } }, orderBy: { createdAt: "desc" } });
    const token = /token=([^\s&]+)/.exec(mail.text)?.[1];
    const newPassword = "a brand new passphrase 77";
    await resetPassword(decodeURIComponent(token!), newPassword, client);
    expect(await refusal(authenticate("hal@example.com", newPassword, client))).toBe("mfa_required");
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.totpEnabledAt).not.toBeNull();
    expect(await db().recoveryCode.count({ where: { userId: user.id, usedAt: null } })).toBe(10);
  });

  it("an account without a factor signs in with its password, and an otp field changes nothing", async () => {
    await createUser("ivy@example.com");
    expect(await refusal(authenticate("ivy@example.com", GOOD_PASSWORD, client))).toBe("granted");
    expect(await refusal(authenticate("ivy@example.com", GOOD_PASSWORD, client, new Date(), "123456"))).toBe("granted");
  });
});

describe("step-up with a second factor", () => {
  it("an enrolled user's password alone does not unlock sudo mode; a code does, once", async () => {
    const { user, codes } = await enrolledUser("jon@example.com");
    const session = (await resolveSession((await createSession(user.id, client)).token))!;
    expect(await refusal(confirmPassword(session, GOOD_PASSWORD, client))).toBe("mfa_required");
    const now = midStep();
    const code = currentCode(SECRET, now.getTime());
    const proof = await confirmSecondFactor(session, code, client, now);
    await expect(requireRecentAuth(session, proof, now)).resolves.toBeUndefined();
    expect(await refusal(confirmSecondFactor(session, code, client, now))).toBe("invalid_otp");
    expect(await refusal(confirmSecondFactor(session, first(codes, "code"), client, now))).toBe("granted");
    const audit = await db().auditLog.findFirst({ where: { action: "user.step_up", actorId: user.id }, orderBy: { id: "desc" } });
    expect(audit?.changes).toMatchObject({ method: "recovery_code" });
  });

  it("repeated wrong codes revoke the session, as wrong passwords do", async () => {
    const { user } = await enrolledUser("kim@example.com");
    const session = (await resolveSession((await createSession(user.id, client)).token))!;
    const results: string[] = [];
    for (let i = 0; i < 5; i++) results.push(await refusal(confirmSecondFactor(session, "999999", { ...client, ip: `192.0.2.${i}` })));
    expect(results).toEqual([...Array(4).fill("invalid_otp"), "signed_out_password_failures"]);
    const row = await db().session.findUniqueOrThrow({ where: { id: session.sessionId } });
    expect(row.revokedAt).not.toBeNull();
  });
});

describe("a lost device", () => {
  it("platform staff reset a member's factors after a recorded identity check, audited in both chains", async () => {
    const { user } = await enrolledUser("lou@example.com");
    const session = await createSession(user.id, client);
    const staff = await db().staffAccount.create({ data: { email: "ops@platform.test", name: "Ops", passwordHash: "x" } });
    const ops = staffContextOf({ id: staff.id, email: staff.email, name: staff.name }, client);
    await expect(resetMemberFactors(ops, "lou@example.com", { reason: "Lost phone", identityCheck: "short" })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    expect(await resetMemberFactors(ops, "nobody@example.com", { reason: "Lost phone", identityCheck: "Video call with photo ID" })).toBeNull();
    const result = await resetMemberFactors(ops, "lou@example.com", { reason: "Lost phone and codes", identityCheck: "Video call with photo ID; owner confirmed" });
    expect(result).toEqual({ totp: true, passkeys: 0, sessions: 1 });
    expect(await resolveSession(session.token)).toBeNull();
    expect(await db().recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    // The password alone signs in again; the member is told to enrol anew.
    expect(await refusal(authenticate("lou@example.com", GOOD_PASSWORD, client))).toBe("granted");
    const chains = await db().auditLog.findMany({ where: { action: "staff.member_factors_reset" }, select: { workspaceId: true, changes: true } });
    expect(chains.map((c) => c.workspaceId === null)).toEqual(expect.arrayContaining([true, false]));
    expect(chains[0]?.changes).toMatchObject({ identity_check: "Video call with photo ID; owner confirmed", reason: "Lost phone and codes" });
    expect(await db().outboxEmail.count({ where: { to: "lou@example.com", subject: { contains: "two-factor authentication was reset" } } })).toBe(1);
  });
});

describe("setting up and removing an authenticator app", () => {
  it("is confirmed by a first code, issues recovery codes once, and every change is audited and emailed", async () => {
    const user = await createUser("max@example.com", { workspaceSlug: "maxws" });
    const session = (await resolveSession((await createSession(user.id, client)).token))!;
    const enrolment = await beginTotpEnrolment(session.user);
    expect(enrolment.qrSvg).toContain("<svg");
    expect(enrolment.uri).toMatch(/^otpauth:\/\/totp\/Switchboard:max%40example\.com\?/);
    // Nothing is stored before the first code.
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).totpSecretWrapped).toBeNull();
    const now = midStep();
    await expect(confirmTotp(session, enrolment.sealed, "000000", client, now)).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    // Another user's enrolment cannot be confirmed into this account.
    const other = await createUser("ned@example.com");
    const foreign = await beginTotpEnrolment(other);
    await expect(confirmTotp(session, foreign.sealed, currentCode(foreign.secret, now.getTime()), client, now)).rejects.toMatchObject({ code: "VALIDATION_FAILED" });

    const codes = await confirmTotp(session, enrolment.sealed, currentCode(enrolment.secret, now.getTime()), client, now);
    expect(codes).toHaveLength(10);
    expect(await refusal(authenticate("max@example.com", GOOD_PASSWORD, client, now))).toBe("mfa_required");
    const actions = async () => (await db().auditLog.findMany({ where: { actorId: user.id }, select: { action: true } })).map((a) => a.action);
    expect(await actions()).toEqual(expect.arrayContaining(["user.totp_enabled", "user.recovery_codes_generated"]));
    expect(await db().outboxEmail.count({ where: { to: "max@example.com", subject: "An authenticator app was added to your account" } })).toBe(1);

    // The last factor of a member of a workspace that requires one cannot be removed.
    await db().workspace.update({ where: { slug: "maxws" }, data: { requireTwoFactor: true } });
    await expect(removeTotp(session, client)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("maxws requires two-factor") });
    await db().workspace.update({ where: { slug: "maxws" }, data: { requireTwoFactor: false } });
    await removeTotp(session, client);
    expect(await db().recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await actions()).toContain("user.totp_removed");
    expect(await refusal(authenticate("max@example.com", GOOD_PASSWORD, client))).toBe("granted");
  });
});
