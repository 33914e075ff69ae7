import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthError } from "@/lib/auth/errors";
import { authenticationOptions, memberRegistrationOptions } from "@/lib/auth/mfa/passkey-options";
import { signInWithPasskey } from "@/lib/auth/mfa/passkey-sign-in";
import { confirmWithPasskey } from "@/lib/auth/mfa/passkey-step-up";
import { addPasskey, listPasskeys, removePasskey, renamePasskey } from "@/lib/auth/mfa/passkeys";
import { issueChallenge } from "@/lib/auth/mfa/webauthn-challenge";
import { createSession, resolveSession, type ActiveSession } from "@/lib/auth/sessions";
import { requireRecentAuth } from "@/lib/auth/step-up";
import { db } from "@/lib/db/client";
import { peekRateLimit } from "@/lib/security/rate-limit/limiter";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { SoftAuthenticator } from "../support/soft-authenticator";
import { client, createUser } from "../support/users";

const ORIGIN = "http://localhost:3000";
let database: TestDatabase;
beforeAll(async () => {
  await useTestEnv({ APP_URL: ORIGIN });
  database = await createTestDatabase();
});
afterAll(async () => database.close());

/** Distinct addresses per test, so the per-IP allowance of one test never refuses another's. */
let ipCounter = 0;
const fromNewIp = () => ({ ...client, ip: `198.51.100.${++ipCounter}` });
/** A challenge issued in the same millisecond as the credential's last use counts as used already. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 3));

async function signedIn(email: string, workspaceSlug?: string): Promise<ActiveSession> {
  const user = await createUser(email, { workspaceSlug });
  return (await resolveSession((await createSession(user.id, client)).token))!;
}

async function enrol(session: ActiveSession, auth = new SoftAuthenticator(ORIGIN), name: string | null = "Laptop") {
  const { options, sealed } = await memberRegistrationOptions(session);
  const { passkey: added, recoveryCodes } = await addPasskey(session, auth.register(options), name, sealed, client);
  return { auth, added, recoveryCodes };
}

async function passkeySignIn(auth: SoftAuthenticator, meta = client, overrides: Parameters<SoftAuthenticator["assert"]>[1] = {}) {
  await tick();
  const { options, sealed } = await authenticationOptions("sign_in");
  return signInWithPasskey(auth.assert(options, overrides), { ...meta, challenge: sealed });
}

const refusal = async (attempt: Promise<unknown>) => {
  try {
    await attempt;
    return "granted";
  } catch (error) {
    if (error instanceof AuthError) return error.code;
    if (error instanceof Error && "code" in error) return String((error as { code: unknown }).code);
    throw error;
  }
};

describe("registering a passkey", () => {
  it("stores a discoverable, user-verified credential with its name, audited and announced by email", async () => {
    const session = await signedIn("pia@example.com", "pia-co");
    const { options } = await memberRegistrationOptions(session);
    expect(options.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "required" });
    expect(options.rp.id).toBe("localhost");
    const { added, recoveryCodes } = await enrol(session);
    expect(added).toMatchObject({ name: "Laptop", synced: true, lastUsedAt: null });
    // The account's first second factor: ten recovery codes, shown once; a second passkey brings none.
    expect(recoveryCodes).toHaveLength(10);
    expect((await enrol(session, new SoftAuthenticator(ORIGIN), "Phone")).recoveryCodes).toBeNull();
    expect(await listPasskeys(session.user.id)).toHaveLength(2);
    const audit = await db().auditLog.findFirst({ where: { action: "user.passkey_added", actorId: session.user.id } });
    expect(audit?.targetLabel).toBe("Laptop");
    const mail = await db().outboxEmail.findFirst({ where: { to: "pia@example.com", subject: "A passkey was added to your account" } });
    expect(mail?.text).toContain('"Laptop"');
    // The next ceremony excludes the credential already registered.
    const again = await memberRegistrationOptions(session);
    const stored = await db().passkey.findMany({ where: { userId: session.user.id }, select: { credentialId: true } });
    expect(again.options.excludeCredentials?.map((c) => c.id).sort()).toEqual(stored.map((c) => c.credentialId).sort());
  });

  it("names an unnamed passkey by its kind and refuses a name over 64 characters", async () => {
    const session = await signedIn("quin@example.com");
    const { added } = await enrol(session, new SoftAuthenticator(ORIGIN), "  ");
    expect(added.name).toBe("Synced passkey");
    const { options, sealed } = await memberRegistrationOptions(session);
    await expect(addPasskey(session, new SoftAuthenticator(ORIGIN, { synced: false }).register(options), "x".repeat(65), sealed, client)).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
  });

  it("refuses a registration without user verification, from another origin or RP, or for another session's challenge", async () => {
    const session = await signedIn("rhea@example.com");
    const other = await signedIn("rhea-other@example.com");
    const attempt = async (o: Parameters<SoftAuthenticator["register"]>[1], who = session) => {
      const { options, sealed } = await memberRegistrationOptions(session);
      return refusal(addPasskey(who, new SoftAuthenticator(ORIGIN).register(options, o), "k", sealed, client));
    };
    expect(await attempt({ uv: false })).toBe("VALIDATION_FAILED");
    expect(await attempt({ origin: "https://evil.example" })).toBe("VALIDATION_FAILED");
    expect(await attempt({ rpId: "evil.example" })).toBe("VALIDATION_FAILED");
    expect(await attempt({ challenge: "AAAA" })).toBe("VALIDATION_FAILED");
    expect(await attempt({}, other)).toBe("VALIDATION_FAILED");
    expect(await db().passkey.count({ where: { userId: { in: [session.user.id, other.user.id] } } })).toBe(0);
  });

  it("stores a registration once: replaying it is refused", async () => {
    const session = await signedIn("sol@example.com");
    const { options, sealed } = await memberRegistrationOptions(session);
    const json = new SoftAuthenticator(ORIGIN).register(options);
    await addPasskey(session, json, "One", sealed, client);
    expect(await refusal(addPasskey(session, json, "Two", sealed, client))).toBe("CONFLICT");
  });
});

describe("signing in with a passkey alone", () => {
  it("opens a session, records the use and audits the sign-in as a passkey's", async () => {
    const session = await signedIn("tara@example.com", "tara-co");
    const { auth } = await enrol(session);
    const signed = await passkeySignIn(auth, fromNewIp());
    expect(signed.user.email).toBe("tara@example.com");
    expect((await resolveSession(signed.token))?.sessionId).toBe(signed.sessionId);
    expect((await listPasskeys(session.user.id))[0]?.lastUsedAt).not.toBeNull();
    const audit = await db().auditLog.findFirst({ where: { action: "user.signed_in", targetId: signed.sessionId } });
    expect(audit?.changes).toMatchObject({ method: "passkey" });
    // A synced passkey's counter stays 0: 0 → 0 is accepted, again and again.
    await expect(passkeySignIn(auth, fromNewIp())).resolves.toMatchObject({ user: { id: session.user.id } });
  });

  it("refuses an assertion without user verification, from another origin or RP, or with a forged signature", async () => {
    const session = await signedIn("uri@example.com");
    const { auth } = await enrol(session);
    expect(await refusal(passkeySignIn(auth, fromNewIp(), { uv: false }))).toBe("passkey_failed");
    expect(await refusal(passkeySignIn(auth, fromNewIp(), { origin: "https://localhost.evil.example" }))).toBe("passkey_failed");
    expect(await refusal(passkeySignIn(auth, fromNewIp(), { rpId: "evil.example" }))).toBe("passkey_failed");
    expect(await refusal(passkeySignIn(auth, fromNewIp(), { forgeSignature: true }))).toBe("passkey_failed");
    expect(await refusal(passkeySignIn(new SoftAuthenticator(ORIGIN), fromNewIp()))).toBe("passkey_failed");
    const events = await db().securityEvent.findMany({ where: { type: "sign_in_failed", userId: session.user.id }, select: { details: true } });
    expect(events.map((e) => (e.details as { reason: string }).reason).sort()).toEqual(["invalid_assertion", "invalid_assertion", "invalid_assertion", "invalid_assertion"]);
    expect(await db().session.count({ where: { userId: session.user.id } })).toBe(1);
  });

  it("refuses a counter that does not increase, and records it as a security event", async () => {
    const session = await signedIn("vera@example.com");
    const { auth } = await enrol(session, new SoftAuthenticator(ORIGIN, { counterStart: 7, counterStep: 1, synced: false }));
    await passkeySignIn(auth, fromNewIp()); // 8 > 7
    expect(await refusal(passkeySignIn(auth, fromNewIp(), { counter: 8 }))).toBe("passkey_failed");
    expect(await refusal(passkeySignIn(auth, fromNewIp(), { counter: 3 }))).toBe("passkey_failed");
    expect(await refusal(passkeySignIn(auth, fromNewIp(), { counter: 0 }))).toBe("passkey_failed");
    expect(await db().securityEvent.count({ where: { type: "passkey_counter_regression", userId: session.user.id } })).toBe(3);
    expect((await db().passkey.findFirstOrThrow({ where: { userId: session.user.id } })).counter).toBe(8n);
    await expect(passkeySignIn(auth, fromNewIp(), { counter: 9 })).resolves.toBeTruthy();
  });

  it("spends a challenge once: the same assertion and cookie a second time are refused", async () => {
    const session = await signedIn("wren@example.com");
    const { auth } = await enrol(session);
    await tick();
    const { options, sealed } = await authenticationOptions("sign_in");
    const json = auth.assert(options);
    await signInWithPasskey(json, { ...fromNewIp(), challenge: sealed });
    expect(await refusal(signInWithPasskey(json, { ...fromNewIp(), challenge: sealed }))).toBe("passkey_failed");
    expect(await refusal(signInWithPasskey(json, { ...fromNewIp(), challenge: null }))).toBe("passkey_failed");
    const reasons = (await db().securityEvent.findMany({ where: { type: "sign_in_failed", userId: session.user.id } })).map((e) => (e.details as { reason: string }).reason);
    expect(reasons).toContain("replayed");
  });

  it("refuses a challenge older than 5 minutes or issued for another purpose", async () => {
    const session = await signedIn("xena@example.com");
    const { auth } = await enrol(session);
    const stale = await issueChallenge("sign_in", {}, new Date(Date.now() - 5 * 60_000 - 1000));
    expect(await refusal(signInWithPasskey(auth.assert({ challenge: stale.challenge }), { ...fromNewIp(), challenge: stale.sealed }))).toBe("passkey_failed");
    const stepUp = await issueChallenge("step_up", { sessionId: session.sessionId, subjectId: session.user.id });
    expect(await refusal(signInWithPasskey(auth.assert({ challenge: stepUp.challenge }), { ...fromNewIp(), challenge: stepUp.sealed }))).toBe("passkey_failed");
  });

  it("as a second step, refuses another user's passkey", async () => {
    const owner = await signedIn("yara@example.com");
    const intruder = await signedIn("zed@example.com");
    const { auth: theirs } = await enrol(intruder);
    const { options, sealed } = await authenticationOptions("second_step", { userId: owner.user.id });
    expect(await refusal(signInWithPasskey(theirs.assert(options), { ...fromNewIp(), challenge: sealed }, { expectedUserId: owner.user.id }))).toBe("passkey_failed");
    const event = await db().securityEvent.findFirst({ where: { type: "sign_in_failed", userId: owner.user.id } });
    expect(event?.details).toMatchObject({ factor: "passkey", reason: "other_account" });
  });

  it("counts failures toward the per-IP limit and the account's lockout, like a password", async () => {
    const session = await signedIn("abel@example.com");
    const { auth } = await enrol(session);
    const ip = fromNewIp();
    for (let i = 0; i < 5; i++) expect(await refusal(passkeySignIn(auth, ip, { forgeSignature: true }))).toMatch(/passkey_failed|locked/);
    expect((await peekRateLimit("signIn", ip.ip)).success).toBe(false);
    expect(await db().securityEvent.count({ where: { type: "account_locked", userId: session.user.id } })).toBe(1);
    // The account is locked now: even a good assertion is refused, as a blocked attempt.
    expect(await refusal(passkeySignIn(auth, fromNewIp()))).toBe("locked");
    expect(await db().securityEvent.count({ where: { type: "sign_in_blocked_locked", userId: session.user.id } })).toBe(1);
  });
});

describe("step-up with a passkey", () => {
  it("grants the session's sudo proof for the user's own passkey", async () => {
    const session = await signedIn("bo@example.com");
    const { auth } = await enrol(session);
    await tick();
    const { options, sealed } = await authenticationOptions("step_up", { sessionId: session.sessionId, userId: session.user.id });
    expect(options.allowCredentials?.map((c) => c.id)).toEqual([auth.id]);
    const proof = await confirmWithPasskey(session, auth.assert(options), { ...fromNewIp(), challenge: sealed });
    await expect(requireRecentAuth(session, proof)).resolves.toBeUndefined();
  });

  it("refuses another user's passkey and a challenge of another session", async () => {
    const session = await signedIn("cy@example.com");
    const other = await signedIn("dee@example.com");
    await enrol(session);
    const { auth: theirs } = await enrol(other);
    await tick();
    const mine = await authenticationOptions("step_up", { sessionId: session.sessionId, userId: session.user.id });
    expect(await refusal(confirmWithPasskey(session, theirs.assert(mine.options), { ...fromNewIp(), challenge: mine.sealed }))).toBe("passkey_failed");
    const theirsChallenge = await authenticationOptions("step_up", { sessionId: other.sessionId, userId: other.user.id });
    expect(await refusal(confirmWithPasskey(session, theirs.assert(theirsChallenge.options), { ...fromNewIp(), challenge: theirsChallenge.sealed }))).toBe("passkey_failed");
    const events = await db().securityEvent.findMany({ where: { type: "step_up_failed", userId: session.user.id } });
    expect(events.map((e) => (e.details as { reason: string }).reason).sort()).toEqual(["challenge", "other_account"]);
  });
});

describe("managing passkeys", () => {
  it("renames and removes only the user's own, audited and announced", async () => {
    const session = await signedIn("eli@example.com");
    const other = await signedIn("fay@example.com");
    const { added } = await enrol(session);
    expect(await refusal(renamePasskey(other, added.id, "Mine now", client))).toBe("NOT_FOUND");
    expect(await refusal(removePasskey(other, added.id, client))).toBe("NOT_FOUND");
    await renamePasskey(session, added.id, "Work laptop", client);
    expect((await listPasskeys(session.user.id))[0]?.name).toBe("Work laptop");
    await removePasskey(session, added.id, client);
    expect(await listPasskeys(session.user.id)).toEqual([]);
    expect(await db().auditLog.count({ where: { action: { in: ["user.passkey_renamed", "user.passkey_removed"] }, actorId: session.user.id } })).toBe(2);
    expect(await db().outboxEmail.count({ where: { to: "eli@example.com", subject: "A passkey was removed from your account" } })).toBe(1);
  });

  it("refuses removing the last second factor of a member of a workspace that requires two-factor authentication", async () => {
    const session = await signedIn("gus@example.com", "strict-co");
    await db().workspace.update({ where: { slug: "strict-co" }, data: { requireTwoFactor: true } });
    const { added: first } = await enrol(session);
    await expect(removePasskey(session, first.id, client)).rejects.toThrow(/last second factor and strict-co requires two-factor/);
    const { added: second } = await enrol(session, new SoftAuthenticator(ORIGIN), "Phone");
    await removePasskey(session, first.id, client);
    await expect(removePasskey(session, second.id, client)).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
