import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailKey } from "@/lib/auth/email-address";
import { AuthError } from "@/lib/auth/errors";
import { changePassword } from "@/lib/auth/password-change";
import { hashPassword, PASSWORD_MAX_LENGTH, verifyPassword } from "@/lib/auth/passwords";
import { createSession, resolveSession } from "@/lib/auth/sessions";
import { authenticate } from "@/lib/auth/sign-in";
import { db } from "@/lib/db/client";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { client, createUser, GOOD_PASSWORD } from "../support/users";

let database: TestDatabase;
beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
});
afterAll(async () => database.close());

const NEW_PASSWORD = "an entirely new passphrase 9";

/** The refusal's code, or "changed". */
async function outcome(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
    return "changed";
  } catch (error) {
    if (error instanceof AuthError) return error.code;
    throw error;
  }
}

async function signedIn(email: string) {
  const user = await createUser(email, { workspaceSlug: "changing" });
  const { token } = await createSession(user.id, client);
  return { user, token, session: (await resolveSession(token))! };
}

const fromIp = (n: number) => ({ ...client, ip: `198.51.100.${n}` });

async function passwordIs(userId: string, password: string): Promise<boolean> {
  const { passwordHash } = await db().user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  return verifyPassword(passwordHash, password);
}

describe("change password: the current password meets sign-in's defences", () => {
  it("25 wrong current passwords then the right one: refused, the session revoked at the 5th failure, the password unchanged", async () => {
    const { user, token, session } = await signedIn("change-guess@example.com");
    const codes: string[] = [];
    for (let i = 0; i < 25; i++) codes.push(await outcome(changePassword(session, `wrong current ${i}`, NEW_PASSWORD, fromIp(i))));
    expect(codes.slice(0, 4)).toEqual(Array(4).fill("invalid_credentials"));
    expect(codes.slice(4)).toEqual(Array(21).fill("signed_out_password_failures"));
    expect(await outcome(changePassword(session, GOOD_PASSWORD, NEW_PASSWORD, fromIp(99)))).toBe("signed_out_password_failures");

    expect(await passwordIs(user.id, GOOD_PASSWORD)).toBe(true);
    expect(await resolveSession(token)).toBeNull();
    await expect(authenticate(user.email, GOOD_PASSWORD, fromIp(100))).rejects.toMatchObject({ code: "locked" });

    const failed = await db().securityEvent.findMany({ where: { type: "step_up_failed", userId: user.id } });
    expect(failed.filter((e) => (e.details as { session_id?: string }).session_id === session.sessionId)).toHaveLength(5);
    expect(failed.every((e) => (e.details as { via?: string }).via === "password_change")).toBe(true);
    expect(failed.some((e) => (e.details as { session_revoked?: boolean }).session_revoked === true)).toBe(true);
    expect(await db().securityEvent.count({ where: { type: "account_locked", userId: user.id } })).toBe(1);
  });

  it("shares the lockout with sign-in: after 4 failures there, the first wrong current password locks the account", async () => {
    const { user, session } = await signedIn("change-shared@example.com");
    for (let i = 0; i < 4; i++) await expect(authenticate(user.email, "wrong at sign-in!!", fromIp(i))).rejects.toMatchObject({ code: "invalid_credentials" });
    expect(await outcome(changePassword(session, "one more wrong guess", NEW_PASSWORD, fromIp(10)))).toBe("locked");
    expect(await outcome(changePassword(session, GOOD_PASSWORD, NEW_PASSWORD, fromIp(11)))).toBe("locked");
    expect(await passwordIs(user.id, GOOD_PASSWORD)).toBe(true);
  });

  it("a right current password clears the failures, as at sign-in", async () => {
    const { user, session } = await signedIn("change-clears@example.com");
    for (let i = 0; i < 3; i++) expect(await outcome(changePassword(session, `typo ${i}`, NEW_PASSWORD, fromIp(i)))).toBe("invalid_credentials");
    expect(await outcome(changePassword(session, GOOD_PASSWORD, NEW_PASSWORD, fromIp(5)))).toBe("changed");
    expect(await db().loginThrottle.count({ where: { emailHash: emailKey(user.email) } })).toBe(0);
    const signedInAgain = await authenticate(user.email, NEW_PASSWORD, fromIp(6));
    expect(signedInAgain.user.id).toBe(user.id);
  });

  it("an over-long current password is refused as such, never cut down to the password it starts with", async () => {
    const longest = "my longest passphrase ".repeat(10).slice(0, PASSWORD_MAX_LENGTH);
    const { user, session } = await signedIn("change-long@example.com");
    await db().user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(longest) } });
    expect(await outcome(changePassword(session, `${longest}?`, NEW_PASSWORD, fromIp(1)))).toBe("password_too_long");
    expect(await passwordIs(user.id, longest)).toBe(true);
    expect(await db().securityEvent.count({ where: { type: "step_up_failed", userId: user.id } })).toBe(0);
    await expect(changePassword(session, longest, `${NEW_PASSWORD}${"y".repeat(PASSWORD_MAX_LENGTH)}`, fromIp(2))).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      message: `Use at most ${PASSWORD_MAX_LENGTH} characters.`,
    });
    expect(await outcome(changePassword(session, longest, NEW_PASSWORD, fromIp(3)))).toBe("changed");
  });
});
