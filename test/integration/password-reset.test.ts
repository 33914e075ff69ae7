import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession, resolveSession } from "@/lib/auth/sessions";
import { changePassword } from "@/lib/auth/password-change";
import { requestPasswordReset, resetPassword, validResetToken } from "@/lib/auth/password-reset";
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

async function latestToken(email: string): Promise<string> {
  const mail = await db().outboxEmail.findFirstOrThrow({ where: { to: email }, orderBy: { createdAt: "desc" } });
  const token = /token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  if (!token) throw new Error("no token in the email");
  return token;
}

describe("password reset", () => {
  it("emails a ≥128-bit token stored only as a hash; it works once and never again", async () => {
    await createUser("mia@example.com");
    const t0 = new Date();
    expect(await requestPasswordReset("Mia@Example.com", client, t0)).toBe(true);
    const token = await latestToken("mia@example.com");
    expect(Buffer.from(token, "base64url").length).toBeGreaterThanOrEqual(16);
    const stored = await db().passwordResetToken.findMany({ select: { tokenHash: true } });
    expect(stored.some((r) => r.tokenHash.includes(token))).toBe(false);

    await resetPassword(token, "mia's new long passphrase", client, t0);
    await expect(resetPassword(token, "another new passphrase!", client, t0)).rejects.toThrow(/invalid|used/);
    const signedIn = await authenticate("mia@example.com", "mia's new long passphrase", client);
    expect(signedIn.user.email).toBe("mia@example.com");
  });

  it("a token is dead after 30 minutes", async () => {
    await createUser("noah@example.com");
    const t0 = new Date();
    await requestPasswordReset("noah@example.com", client, t0);
    const token = await latestToken("noah@example.com");
    expect(await validResetToken(token, new Date(t0.getTime() + 29 * 60_000))).not.toBeNull();
    expect(await validResetToken(token, new Date(t0.getTime() + 30 * 60_000))).toBeNull();
    await expect(resetPassword(token, "too late passphrase!!", client, new Date(t0.getTime() + 31 * 60_000))).rejects.toThrow(/expired/);
  });

  it("a token dies when the password changes", async () => {
    const user = await createUser("olga@example.com");
    await requestPasswordReset("olga@example.com", client);
    const token = await latestToken("olga@example.com");
    const { token: sessionToken } = await createSession(user.id, client);
    const session = (await resolveSession(sessionToken))!;
    await changePassword(session, GOOD_PASSWORD, "changed it myself today", client);
    expect(await validResetToken(token)).toBeNull();
  });

  it("a reset signs out every session of the user", async () => {
    const user = await createUser("pia@example.com");
    const { token: sessionToken } = await createSession(user.id, client);
    await requestPasswordReset("pia@example.com", client);
    await resetPassword(await latestToken("pia@example.com"), "pia resets her password", client);
    expect(await resolveSession(sessionToken)).toBeNull();
  });

  it("an unknown email gets the same answer and no email", async () => {
    const before = await db().outboxEmail.count();
    expect(await requestPasswordReset("nobody@example.com", client)).toBe(true);
    expect(await db().outboxEmail.count()).toBe(before);
  });

  it("3 requests per email per hour; the 4th is refused and is a security event", async () => {
    await createUser("quinn@example.com");
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await requestPasswordReset("quinn@example.com", client));
    expect(results).toEqual([true, true, true, false]);
    expect(await db().securityEvent.count({ where: { type: "password_reset_blocked" } })).toBe(1);
  });

  it("a weak new password is refused and the token stays usable", async () => {
    await createUser("rita@example.com");
    await requestPasswordReset("rita@example.com", client);
    const token = await latestToken("rita@example.com");
    await expect(resetPassword(token, "password1234", client)).rejects.toThrow(/common/);
    expect(await validResetToken(token)).not.toBeNull();
  });

  it("a new password built on the user's workspace, name or email is refused, saying which", async () => {
    await createUser("ruth.nakamura@example.com", { workspaceSlug: "bluefin-labs" });
    await db().user.update({ where: { email: "ruth.nakamura@example.com" }, data: { name: "Ruth Nakamura" } });
    await requestPasswordReset("ruth.nakamura@example.com", client);
    const token = await latestToken("ruth.nakamura@example.com");
    await expect(resetPassword(token, "BluefinLabs2026!", client)).rejects.toThrow(/contains your workspace's name/);
    await expect(resetPassword(token, "Ruth-Nakamura-77", client)).rejects.toThrow(/contains your (name|email address)/);
    await expect(resetPassword(token, "Switchb0ard#2026", client)).rejects.toThrow(/contains the product's name/);
    expect(await validResetToken(token)).not.toBeNull();
    await resetPassword(token, "bluefin tides under a quiet moon", client);
    expect(await validResetToken(token)).toBeNull();
  });
});
