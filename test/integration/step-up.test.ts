import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthError, StepUpRequired } from "@/lib/auth/errors";
import { hashPassword, PASSWORD_MAX_LENGTH } from "@/lib/auth/passwords";
import { createSession, resolveSession } from "@/lib/auth/sessions";
import { authenticate } from "@/lib/auth/sign-in";
import { confirmPassword, requireRecentAuth } from "@/lib/auth/step-up";
import { db } from "@/lib/db/client";
import { checkRateLimit } from "@/lib/security/rate-limit/limiter";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { client, createUser, GOOD_PASSWORD } from "../support/users";

let database: TestDatabase;
beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
});
afterAll(async () => database.close());

describe("step-up (sudo) mode", () => {
  it("is required, granted by the password, and expires after 10 minutes", async () => {
    const user = await createUser("tess@example.com", { workspaceSlug: "acme" });
    const session = (await resolveSession((await createSession(user.id, client)).token))!;
    const t0 = new Date();
    await expect(requireRecentAuth(session, undefined, t0)).rejects.toBeInstanceOf(StepUpRequired);
    await expect(confirmPassword(session, "not my password!!", client, t0)).rejects.toMatchObject({ code: "invalid_credentials" });
    const proof = await confirmPassword(session, GOOD_PASSWORD, client, t0);
    expect(proof).toBeTruthy();
    await expect(requireRecentAuth(session, proof!, new Date(t0.getTime() + 9 * 60_000))).resolves.toBeUndefined();
    await expect(requireRecentAuth(session, proof!, new Date(t0.getTime() + 10 * 60_000 + 1000))).rejects.toBeInstanceOf(StepUpRequired);
  });

  it("a proof is bound to its session and cannot be forged", async () => {
    const user = await createUser("uma@example.com");
    const a = (await resolveSession((await createSession(user.id, client)).token))!;
    const b = (await resolveSession((await createSession(user.id, client)).token))!;
    const proof = (await confirmPassword(a, GOOD_PASSWORD, client))!;
    await expect(requireRecentAuth(b, proof)).rejects.toBeInstanceOf(StepUpRequired);
    await expect(requireRecentAuth(a, proof.slice(0, -4) + "AAAA")).rejects.toBeInstanceOf(StepUpRequired);
  });
});

/** The refusal's code, or "granted". */
async function outcome(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
    return "granted";
  } catch (error) {
    if (error instanceof AuthError) return error.code;
    throw error;
  }
}

async function signedIn(email: string) {
  const user = await createUser(email, { workspaceSlug: "guessing" });
  const { token } = await createSession(user.id, client);
  return { user, token, session: (await resolveSession(token))! };
}

/** A different address for every attempt, as a botnet would: only the per-account defences are left. */
const fromIp = (n: number) => ({ ...client, ip: `198.51.100.${n}` });

describe("step-up resists password guessing (one verifyUserPassword with sign-in)", () => {
  it("25 wrong passwords then the right one: refused, and the session is revoked at the 5th failure", async () => {
    const { user, token, session } = await signedIn("guess-step@example.com");
    const codes: string[] = [];
    for (let i = 0; i < 25; i++) codes.push(await outcome(confirmPassword(session, `wrong guess number ${i}`, fromIp(i))));
    expect(codes.slice(0, 4)).toEqual(Array(4).fill("invalid_credentials"));
    expect(codes.slice(4)).toEqual(Array(21).fill("signed_out_password_failures"));
    expect(await outcome(confirmPassword(session, GOOD_PASSWORD, fromIp(99)))).toBe("signed_out_password_failures");

    expect(await resolveSession(token)).toBeNull();
    const row = await db().session.findUniqueOrThrow({ where: { id: session.sessionId } });
    expect(row.revokedReason).toBe("password_failures");
    // The failures locked the account for sign-in too (one lockout for every password check).
    await expect(authenticate(user.email, GOOD_PASSWORD, fromIp(100))).rejects.toMatchObject({ code: "locked" });

    const failed = await db().securityEvent.findMany({ where: { type: "step_up_failed", userId: user.id }, orderBy: { id: "asc" } });
    const perAttempt = failed.filter((e) => (e.details as { session_id?: string }).session_id === session.sessionId);
    expect(perAttempt).toHaveLength(5);
    expect(perAttempt[0]?.details).toMatchObject({ via: "step_up", email_hash: expect.any(String) });
    expect(failed.some((e) => (e.details as { session_revoked?: boolean }).session_revoked === true)).toBe(true);
    expect(await db().securityEvent.count({ where: { type: "account_locked", userId: user.id } })).toBe(1);
    const audit = await db().auditLog.findFirst({ where: { action: "session.revoked", actorId: user.id } });
    expect(audit?.changes).toMatchObject({ reason: "password_failures" });
  });

  it("25 wrong passwords sent at once verify at most 5 (the attempt is counted before the password is checked)", async () => {
    const { user, session } = await signedIn("guess-burst@example.com");
    const codes = await Promise.all(Array.from({ length: 25 }, (_, i) => outcome(confirmPassword(session, `burst guess ${i}`, fromIp(i)))));
    expect(codes).not.toContain("granted");
    expect(await outcome(confirmPassword(session, GOOD_PASSWORD, fromIp(99)))).not.toBe("granted");
    const verified = await db().securityEvent.count({ where: { type: "step_up_failed", userId: user.id, details: { path: ["session_id"], equals: session.sessionId } } });
    expect(verified).toBeLessThanOrEqual(5);
    expect((await db().session.findUniqueOrThrow({ where: { id: session.sessionId } })).revokedAt).not.toBeNull();
  });

  it("failures at sign-in count towards the same lockout: the 5th guess behind a session finds the account locked", async () => {
    const { user, session } = await signedIn("guess-shared@example.com");
    for (let i = 0; i < 3; i++) await expect(authenticate(user.email, "wrong at sign-in!!", fromIp(i))).rejects.toMatchObject({ code: "invalid_credentials" });
    expect(await outcome(confirmPassword(session, "wrong behind the session", fromIp(10)))).toBe("invalid_credentials");
    expect(await outcome(confirmPassword(session, "wrong again behind it", fromIp(11)))).toBe("locked");
    expect(await outcome(confirmPassword(session, GOOD_PASSWORD, fromIp(12)))).toBe("locked");
    expect(await db().securityEvent.count({ where: { type: "account_locked", userId: user.id, details: { path: ["via"], equals: "step_up" } } })).toBe(1);
    expect(await db().securityEvent.count({ where: { type: "sign_in_blocked_locked", userId: user.id } })).toBeGreaterThanOrEqual(1);
  });

  it("counts against the sign-in limit of the client's IP, the counter the gate checks for credentials POSTs", async () => {
    const ip = "192.0.2.77";
    const a = await signedIn("office-a@example.com");
    const b = await signedIn("office-b@example.com");
    for (let i = 0; i < 5; i++) await outcome(confirmPassword(i % 2 ? a.session : b.session, `office guess ${i}`, { ...client, ip }));
    expect(await outcome(confirmPassword(b.session, GOOD_PASSWORD, { ...client, ip }))).toBe("rate_limited");
    expect((await checkRateLimit("signIn", ip)).success).toBe(false);
    const limited = await db().securityEvent.findFirst({ where: { type: "rate_limited", ip } });
    expect(limited?.details).toMatchObject({ policy: "signIn", via: "step_up" });
  });

  it("over-long input is refused as such, never cut down to a password that would match", async () => {
    const longest = "a long passphrase ".repeat(10).slice(0, PASSWORD_MAX_LENGTH);
    const { user, session } = await signedIn("guess-long@example.com");
    await db().user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(longest) } });
    expect(await outcome(confirmPassword(session, `${longest}!`, fromIp(1)))).toBe("password_too_long");
    expect(await outcome(confirmPassword(session, `${longest}${"x".repeat(10_000)}`, fromIp(2)))).toBe("password_too_long");
    // Nothing was checked, so nothing was counted.
    expect(await db().securityEvent.count({ where: { type: "step_up_failed", userId: user.id } })).toBe(0);
    expect(await outcome(confirmPassword(session, longest, fromIp(3)))).toBe("granted");
  });
});
