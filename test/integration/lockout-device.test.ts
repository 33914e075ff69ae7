import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deviceCookieAfterSignIn, readDeviceCookie, type KnownDevice } from "@/lib/auth/device-cookie";
import { AUTH_ERROR_MESSAGES, AuthError } from "@/lib/auth/errors";
import { requestPasswordReset, resetPassword } from "@/lib/auth/password-reset";
import { createSession } from "@/lib/auth/sessions";
import { authenticate } from "@/lib/auth/sign-in";
import { confirmPassword } from "@/lib/auth/step-up";
import { AppError } from "@/lib/core/errors";
import { db } from "@/lib/db/client";
import { CREDENTIALS_CALLBACK, GATE_CHECK_ONLY, gatePolicies } from "@/lib/security/rate-limit/gate-policies";
import { peekRateLimit } from "@/lib/security/rate-limit/limiter";
import { assertWithinLimits } from "@/lib/security/rate-limit/per-ip";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { client, createUser, GOOD_PASSWORD } from "../support/users";

let database: TestDatabase;
beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
});
afterAll(async () => database.close());

const from = (ip: string, device?: KnownDevice | null) => ({ ...client, ip, device });

async function outcome(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
    return "ok";
  } catch (error) {
    if (error instanceof AuthError) return error.code;
    throw error;
  }
}

/** What the gate decides for a credentials POST from `ip` (proxy.ts: the same call). */
async function gate(ip: string): Promise<string> {
  try {
    await assertWithinLimits(gatePolicies("POST", CREDENTIALS_CALLBACK), ip, { path: CREDENTIALS_CALLBACK }, { checkOnly: GATE_CHECK_ONLY });
    return "pass";
  } catch (error) {
    if (error instanceof AppError && error.code === "RATE_LIMITED") return `429 ${error.message}`;
    throw error;
  }
}

/** The device cookie a browser keeps after signing in as `userId` (sealed and read back, as a browser round-trip). */
async function browserAfterSignIn(userId: string, device: KnownDevice | null = null): Promise<KnownDevice> {
  const cookie = await deviceCookieAfterSignIn(device, userId);
  expect(cookie.options).toMatchObject({ httpOnly: true, sameSite: "lax" });
  expect(cookie.options.maxAge).toBeGreaterThanOrEqual(180 * 24 * 3600);
  const read = await readDeviceCookie(cookie.value);
  if (!read) throw new Error("device cookie did not unseal");
  return read;
}

describe("sign-in limit per IP counts failures only (issue 16 item 9)", () => {
  it("six colleagues behind one address all sign in with right passwords", async () => {
    const office = "198.51.100.60";
    for (let i = 0; i < 6; i++) {
      const email = `colleague${i}@office.example`;
      await createUser(email);
      expect(await gate(office), `colleague ${i}`).toBe("pass");
      expect((await authenticate(email, GOOD_PASSWORD, from(office))).user.email).toBe(email);
    }
    expect((await peekRateLimit("signIn", office)).remaining).toBe(5);
  });

  it("5 failures from one address, then a right password from it is limited, with the wait in words", async () => {
    const ip = "198.51.100.61";
    await createUser("limited@office.example");
    for (let i = 0; i < 5; i++) {
      expect(await gate(ip)).toBe("pass");
      expect(await outcome(authenticate(`stranger${i}@office.example`, "not the password at all", from(ip)))).toBe("invalid_credentials");
    }
    expect(await gate(ip)).toMatch(/^429 Too many sign-in attempts from your network\. Try again in \d+ (seconds|minutes)\./);
    // Another address is untouched.
    expect(await gate("198.51.100.62")).toBe("pass");
  });

  it("a right step-up uses none of the address's failure allowance; a wrong one uses one", async () => {
    const ip = "198.51.100.63";
    const user = await createUser("stepper@office.example");
    const session = await createSession(user.id, from(ip));
    for (let i = 0; i < 6; i++) await confirmPassword({ sessionId: session.sessionId, user } as never, GOOD_PASSWORD, from(ip));
    expect((await peekRateLimit("signIn", ip)).remaining).toBe(5);
    expect(await outcome(confirmPassword({ sessionId: session.sessionId, user } as never, "wrong behind the session", from(ip)))).toBe("invalid_credentials");
    expect((await peekRateLimit("signIn", ip)).remaining).toBe(4);
  });
});

describe("lockout cannot be used as a weapon (issue 16 item 8)", () => {
  it("20 failures from an attacker's address lock a fresh browser, not the victim's browser with its device cookie", async () => {
    const victim = await createUser("victim@lock.example");
    const browser = await browserAfterSignIn((await authenticate(victim.email, GOOD_PASSWORD, from("192.0.2.1"))).user.id);
    const attackers = Array.from({ length: 20 }, (_, i) => `203.0.113.${100 + i}`);
    const results = [];
    for (const ip of attackers) results.push(await outcome(authenticate(victim.email, "attacker's guess 123", from(ip))));
    expect(results.slice(0, 4)).toEqual(Array(4).fill("invalid_credentials"));
    expect(results.slice(4)).toEqual(Array(16).fill("locked"));
    // A fresh browser (no device cookie) is locked, whatever its address, even with the right password.
    expect(await outcome(authenticate(victim.email, GOOD_PASSWORD, from("192.0.2.2")))).toBe("locked");
    // The victim's own browser signs in.
    expect((await authenticate(victim.email, GOOD_PASSWORD, from("192.0.2.1", browser))).user.id).toBe(victim.id);
    // A device cookie naming someone else does not help.
    const other = await createUser("bystander@lock.example");
    const otherBrowser = await browserAfterSignIn(other.id);
    expect(await outcome(authenticate(victim.email, GOOD_PASSWORD, from("192.0.2.3", otherBrowser)))).toBe("locked");
  });

  it("from one attacker address too: its failures run out its allowance, and the owner's browser is still let in", async () => {
    const victim = await createUser("victim2@lock.example");
    const browser = await browserAfterSignIn(victim.id);
    const attacker = "203.0.113.200";
    for (let i = 0; i < 20; i++) if ((await gate(attacker)) === "pass") await outcome(authenticate(victim.email, "attacker's guess 123", from(attacker)));
    expect(await gate(attacker)).toMatch(/^429/);
    expect(await outcome(authenticate(victim.email, GOOD_PASSWORD, from("192.0.2.20")))).toBe("locked");
    expect(await outcome(authenticate(victim.email, GOOD_PASSWORD, from("192.0.2.21", browser)))).toBe("ok");
  });

  it("the browser's own failures still count for it: 5 wrong passwords there lock it too", async () => {
    const user = await createUser("forgetful@lock.example");
    const browser = await browserAfterSignIn(user.id);
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await outcome(authenticate(user.email, "a misremembered one", from(`192.0.2.${40 + i}`, browser))));
    expect(results).toEqual([...Array(4).fill("invalid_credentials"), "locked", "locked"]);
    expect(await outcome(authenticate(user.email, GOOD_PASSWORD, from("192.0.2.50", browser)))).toBe("locked");
    // The account's lock for other browsers is untouched by that browser's failures.
    expect(await outcome(authenticate(user.email, GOOD_PASSWORD, from("192.0.2.51")))).toBe("ok");
  });

  it("a successful password reset clears the lock, as the lock message says", async () => {
    const user = await createUser("resetter@lock.example");
    for (let i = 0; i < 5; i++) await outcome(authenticate(user.email, "attacker's guess 123", from(`203.0.113.${30 + i}`)));
    const locked = await outcome(authenticate(user.email, GOOD_PASSWORD, from("192.0.2.60")));
    expect(locked).toBe("locked");
    expect(AUTH_ERROR_MESSAGES.locked).toMatch(/reset/i);
    expect(AUTH_ERROR_MESSAGES.locked).not.toMatch(/Try again in 15 minutes, or/);

    await requestPasswordReset(user.email, from("192.0.2.60"));
    const mail = await db().outboxEmail.findFirstOrThrow({ where: { to: user.email }, orderBy: { createdAt: "desc" } });
    const token = /token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    if (!token) throw new Error("no token in the email");
    // A moment later than the lock, as a real reset is.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const fresh = "a brand new passphrase for resetter";
    await resetPassword(token, fresh, from("192.0.2.60"));
    expect(await outcome(authenticate(user.email, fresh, from("192.0.2.61")))).toBe("ok");
  });

  it("a forged or foreign device cookie is ignored", async () => {
    expect(await readDeviceCookie("Fe26.2**not-a-seal")).toBeNull();
    expect(await readDeviceCookie(undefined)).toBeNull();
  });
});
