import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate } from "@/lib/auth/sign-in";
import { AuthError } from "@/lib/auth/errors";
import { hashPassword, PASSWORD_MAX_LENGTH } from "@/lib/auth/passwords";
import { db } from "@/lib/db/client";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { nth } from "../support/items";
import { client, createUser, GOOD_PASSWORD } from "../support/users";

let database: TestDatabase;
beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
  await createUser("ada@example.com", { workspaceSlug: "acme" });
});
afterAll(async () => database.close());

async function failure(email: string, password: string, now?: Date): Promise<AuthError> {
  try {
    await authenticate(email, password, client, now);
  } catch (error) {
    if (error instanceof AuthError) return error;
    throw error;
  }
  throw new Error("expected sign-in to fail");
}

describe("sign-in", () => {
  it("a right password opens a session and is audited in the user's workspace", async () => {
    const signedIn = await authenticate("  ADA@example.com ", GOOD_PASSWORD, client);
    expect(signedIn.user.email).toBe("ada@example.com");
    const row = await db().session.findUniqueOrThrow({ where: { id: signedIn.sessionId } });
    expect(row.ip).toBe(client.ip);
    const audit = await db().auditLog.findFirst({ where: { action: "user.signed_in", actorId: signedIn.user.id } });
    expect(audit?.workspaceId).not.toBeNull();
  });

  it("a wrong password and an unknown email fail with the same message", async () => {
    const wrong = await failure("ada@example.com", "not the password at all");
    const unknown = await failure("nobody@example.com", "not the password at all");
    expect(wrong.code).toBe("invalid_credentials");
    expect(unknown.code).toBe(wrong.code);
    expect(unknown.message).toBe(wrong.message);
  });

  it("a wrong password and an unknown email take similar time (both pay one argon2id verify)", async () => {
    const time = async (email: string) => {
      const start = performance.now();
      await failure(email, "some wrong password 1");
      return performance.now() - start;
    };
    await time("warm@example.com");
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      known.push(await time(`ada@example.com`));
      unknown.push(await time(`ghost${i}@example.com`));
    }
    const median = (xs: number[]) => nth(xs.sort((a, b) => a - b), 1, "sample");
    // Without the dummy verification an unknown email would answer ~10x faster.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
    await db().loginThrottle.deleteMany({});
  });

  it("5 failures lock the email for 15 minutes, even with the right password, then it unlocks by itself", async () => {
    await createUser("grace@example.com");
    const t0 = new Date("2026-11-22T10:00:00Z");
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    for (let i = 0; i < 4; i++) expect((await failure("grace@example.com", "wrong password!!", at(i))).code).toBe("invalid_credentials");
    expect((await failure("grace@example.com", "wrong password!!", at(4))).code).toBe("locked");
    expect((await failure("grace@example.com", GOOD_PASSWORD, at(5))).code).toBe("locked");
    expect((await failure("grace@example.com", GOOD_PASSWORD, at(18))).code).toBe("locked");
    const signedIn = await authenticate("grace@example.com", GOOD_PASSWORD, client, at(19.5));
    expect(signedIn.user.email).toBe("grace@example.com");
    const events = await db().securityEvent.findMany({ where: { type: { in: ["account_locked", "sign_in_blocked_locked"] } } });
    expect(events.map((e) => e.type)).toContain("account_locked");
  });

  it("an unknown email locks the same way, so a lock reveals nothing", async () => {
    const t0 = new Date("2026-11-22T11:00:00Z");
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) codes.push((await failure("ghost@example.com", "whatever password", new Date(t0.getTime() + i * 1000))).code);
    expect(codes).toEqual(["invalid_credentials", "invalid_credentials", "invalid_credentials", "invalid_credentials", "locked", "locked"]);
  });

  it("an over-long password is refused as such, known email or not, never cut down to one that matches", async () => {
    const longest = "sign-in passphrase ".repeat(10).slice(0, PASSWORD_MAX_LENGTH);
    const user = await createUser("hedy@example.com");
    await db().user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(longest) } });
    expect((await failure("hedy@example.com", `${longest}!`)).code).toBe("password_too_long");
    expect((await failure("nobody-long@example.com", `${longest}!`)).code).toBe("password_too_long");
    expect((await failure("", `${longest}!`)).code).toBe("password_too_long");
    expect(await db().securityEvent.count({ where: { type: "sign_in_failed", userId: user.id } })).toBe(0);
    expect((await authenticate("hedy@example.com", longest, client)).user.id).toBe(user.id);
  });

  it("25 guesses at once verify at most 5: each attempt is counted before its password is checked", async () => {
    const user = await createUser("barbara@example.com");
    const codes = await Promise.all(Array.from({ length: 25 }, (_, i) => failure("barbara@example.com", `parallel guess ${i}`)));
    expect(codes.filter((e) => e.code === "invalid_credentials").length).toBeLessThanOrEqual(4);
    expect(await db().securityEvent.count({ where: { type: "sign_in_failed", userId: user.id } })).toBeLessThanOrEqual(5);
    expect((await failure("barbara@example.com", GOOD_PASSWORD)).code).toBe("locked");
  });

  it("failures spread over more than 15 minutes do not lock", async () => {
    await createUser("linus@example.com");
    const t0 = new Date("2026-11-22T12:00:00Z");
    for (let i = 0; i < 8; i++) {
      expect((await failure("linus@example.com", "wrong password!!", new Date(t0.getTime() + i * 4 * 60_000))).code).toBe("invalid_credentials");
    }
  });
});
